// Client-side skip logic (convenience only: the server re-applies it and drops hidden answers).
(function () {
  const form = document.querySelector("form");
  if (!form) return;
  const values = (name) => Array.from(form.querySelectorAll(`[name="${name}"]`))
    .filter((el) => (el.type === "radio" || el.type === "checkbox") ? el.checked : el.value !== "")
    .map((el) => el.value);
  const holds = (c) => {
    if (c.all) return c.all.every(holds);
    if (c.any) return c.any.some(holds);
    const v = values(c.question);
    if (!v.length) return false;
    if (c.in && !v.some((x) => c.in.map(String).includes(x))) return false;
    if (c.not_in && v.some((x) => c.not_in.map(String).includes(x))) return false;
    if (c.min !== undefined && !(parseFloat(v[0]) >= c.min)) return false;
    if (c.max !== undefined && !(parseFloat(v[0]) <= c.max)) return false;
    return true;
  };
  const update = () => form.querySelectorAll("[data-show-if]").forEach((el) => {
    el.classList.toggle("hidden", !holds(JSON.parse(el.dataset.showIf)));
  });
  form.addEventListener("change", update);
  update();
})();
