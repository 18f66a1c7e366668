# Reference estimates from R's survey package (Lumley) on its own API data, for tradebridge.survey.
# Usage: Rscript r_survey_reference.R DATA_DIR OUT_CSV
# DATA_DIR holds apisrs.csv, apistrat.csv, apiclus1.csv, apiclus2.csv, apipop.csv (exports of survey::api).
# Output: one row per estimate: case, statistic, variable, domain, estimate, se (17 significant digits).
# Produced r_survey_reference.csv with R 4.2 and survey 4.1.1 (Debian bookworm r-cran-survey).
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; out <- args[2]
rd <- function(f) read.csv(file.path(dir, f), stringsAsFactors = FALSE)
apisrs <- rd("apisrs.csv"); apistrat <- rd("apistrat.csv"); apiclus1 <- rd("apiclus1.csv")
apiclus2 <- rd("apiclus2.csv"); apipop <- rd("apipop.csv")
rows <- list()
add <- function(case, statistic, variable, domain, est, se) {
  rows[[length(rows) + 1]] <<- data.frame(case = case, statistic = statistic, variable = variable,
    domain = domain, estimate = sprintf("%.17g", est), se = sprintf("%.17g", se))
}
stat <- function(case, statistic, obj, variable) {
  est <- coef(obj); s <- SE(obj)
  for (i in seq_along(est)) add(case, statistic, variable, names(est)[i], est[i], s[i])
}
by_stat <- function(case, statistic, obj, variable) {
  est <- coef(obj); s <- SE(obj)
  for (i in seq_along(est)) add(case, statistic, variable, names(est)[i], est[i], s[i])
}
dsrs <- svydesign(id = ~1, fpc = ~fpc, data = apisrs)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
dclus1nofpc <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1)
designs <- list(srs = dsrs, strat = dstrat, clus1 = dclus1, clus2 = dclus2, clus1_nofpc = dclus1nofpc)
for (nm in names(designs)) {
  d <- designs[[nm]]
  stat(nm, "mean", svymean(~api00, d), "api00")
  stat(nm, "total", svytotal(~enroll, d, na.rm = TRUE), "enroll")
  stat(nm, "mean", svymean(~enroll, d, na.rm = TRUE), "enroll")
  stat(nm, "proportion", svymean(~factor(sch.wide), d), "sch.wide")
  stat(nm, "total", svytotal(~factor(stype), d), "stype")
  by_stat(nm, "mean_by_stype", svyby(~api00, ~stype, d, svymean), "api00")
  by_stat(nm, "total_by_stype", svyby(~enroll, ~stype, d, svytotal, na.rm = TRUE), "enroll")
  by_stat(nm, "mean_by_stype_awards", svyby(~api00, ~stype + awards, d, svymean), "api00")
}
pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
ps <- postStratify(dclus1, ~stype, pop.types)
stat("clus1_post", "mean", svymean(~api00, ps), "api00")
stat("clus1_post", "total", svytotal(~enroll, ps), "enroll")
by_stat("clus1_post", "mean_by_stype", svyby(~api00, ~stype, ps, svymean), "api00")
rk <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide))
stat("clus1_rake", "mean", svymean(~api00, rk), "api00")
stat("clus1_rake", "total", svytotal(~enroll, rk), "enroll")
stat("clus1_rake", "proportion", svymean(~factor(sch.wide), rk), "sch.wide")
w <- weights(rk)
add("clus1_rake", "weight_sum", "weights", "", sum(w), 0)
add("clus1_rake", "weight_first", "weights", "", w[1], 0)
rk2 <- rake(dstrat, list(~sch.wide, ~awards), list(pop.schwide, data.frame(awards = c("No", "Yes"), Freq = c(2236, 3958))))
stat("strat_rake", "mean", svymean(~api00, rk2), "api00")
stat("strat_rake", "total", svytotal(~enroll, rk2), "enroll")
for (nm in c("clus1", "strat", "clus2")) {
  t <- svychisq(~sch.wide + stype, designs[[nm]])
  add(nm, "raoscott_F", "sch.wide:stype", "statistic", t$statistic, 0)
  add(nm, "raoscott_F", "sch.wide:stype", "ndf", t$parameter[["ndf"]], 0)
  add(nm, "raoscott_F", "sch.wide:stype", "ddf", t$parameter[["ddf"]], 0)
  add(nm, "raoscott_F", "sch.wide:stype", "p", t$p.value, 0)
}
res <- do.call(rbind, rows)
write.csv(res, out, row.names = FALSE)
