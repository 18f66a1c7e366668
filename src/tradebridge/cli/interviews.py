"""``tradebridge interviews``: import transcripts, code segments, suggest codes, theme statistics, export."""

from __future__ import annotations

from pathlib import Path

import typer

from tradebridge.cli._common import JsonOption, console, print_json, print_table

interviews_app = typer.Typer(help="In-depth interviews: transcripts, coding, themes, REFI-QDA exchange.",
                             no_args_is_help=True)
ProjectOption = typer.Option(Path("interviews"), "--project", "-p", help="Interview project folder (created on import).")


@interviews_app.command("import")
def import_cmd(
    files: list[Path] = typer.Argument(..., help="Transcripts (.txt, .md, .docx) or a REFI-QDA project (.qdpx)."),
    project: Path = ProjectOption,
    names: Path = typer.Option(None, "--names", help="File of names to redact, one per line."),
    country: str = typer.Option(None, "--country", help="ISO3 country of the interviewees (overrides front matter)."),
    actor_type: str = typer.Option(None, "--actor-type", help="public, private, academia or civil_society."),
    sector: str = typer.Option(None, "--sector", help="Sector of the interviewees."),
    date: str = typer.Option(None, "--date", help="Interview date YYYY-MM-DD."),
    json: bool = JsonOption,
) -> None:
    """Redact personal data (names list, e-mails, phones) and store transcripts under pseudonymous ids.

    Example: tradebridge interviews import notes/*.docx --project interviews --names names.txt --country CHL
    """
    from tradebridge.interviews.project import InterviewProject
    from tradebridge.interviews.qdpx import import_qdpx
    from tradebridge.interviews.safety import decode_utf8
    from tradebridge.interviews.transcripts import read_transcript_file

    if names is not None and not names.is_file():
        from tradebridge.errors import DataError

        raise DataError(f"names file {names} not found", hint="give a text file with one name per line")
    name_list = [ln.strip() for ln in decode_utf8(names.read_bytes(), f"names file {names}").splitlines()
                 if ln.strip() and not ln.startswith("#")] if names else []
    meta = {"country": country, "actor_type": actor_type, "sector": sector, "date": date}
    done = []
    read = [(f, read_transcript_file(f, meta)) for f in files if f.suffix.lower() != ".qdpx"]  # all checked first
    for f in files:
        if f.suffix.lower() == ".qdpx":
            proj = import_qdpx(f, project)
            done += [{"file": f.name, "id": t.id} for t in proj.transcripts()]
    for f, transcript in read:
        tr = InterviewProject.open_or_create(project).add_transcript(transcript, names=name_list)
        done.append({"file": f.name, "id": tr.id, **tr.metadata})
    if json:
        print_json(done)
    else:
        print_table(done, title=f"imported into {project}")


@interviews_app.command("code")
def code_cmd(
    transcript: str = typer.Argument(..., help="Transcript id, e.g. INT-0001."),
    segment: str = typer.Argument(..., help="Segment id, e.g. INT-0001:003 (see `interviews suggest`)."),
    theme: str = typer.Argument(..., help="Theme id from the codebook."),
    coder: str = typer.Option(..., "--coder", help="Who codes (for inter-coder agreement)."),
    project: Path = ProjectOption,
) -> None:
    """Apply a theme to a segment (manual coding; repeating it changes nothing).

    Example: tradebridge interviews code INT-0001 INT-0001:003 fta_optimism --coder ana
    """
    from tradebridge.interviews.project import InterviewProject

    codings = InterviewProject(project).code_segment(transcript, segment, theme, coder)
    console.print(f"{len(codings)} codings in {project}")


@interviews_app.command("suggest")
def suggest_cmd(
    project: Path = ProjectOption,
    method: str = typer.Option("keyword", "--method", help="keyword (core) or embedding (optional extra)."),
    accept_as: str = typer.Option(None, "--accept-as", help="Store the suggestions as codings by this coder."),
    json: bool = JsonOption,
) -> None:
    """Suggest themes for every segment from codebook keywords or sentence embeddings.

    Example: tradebridge interviews suggest --project interviews --method keyword
    """
    import pandas as pd

    from tradebridge.errors import check_option
    from tradebridge.interviews.coding import suggest_keywords
    from tradebridge.interviews.project import InterviewProject
    from tradebridge.interviews.safety import safe_label

    check_option("method", method, ["keyword", "embedding"])
    accept_as = safe_label(accept_as, "--accept-as coder name") if accept_as else None
    proj = InterviewProject(project)
    if method == "keyword":
        sugg = suggest_keywords(proj.transcripts(), proj.codebook)
    else:
        from tradebridge.interviews.embeddings import suggest_embeddings

        sugg = suggest_embeddings(proj.transcripts(), proj.codebook)
    if accept_as:
        proj.save_codings(pd.concat([proj.codings(), sugg.assign(coder=accept_as)], ignore_index=True))
    if json:
        print_json(sugg)
    else:
        print_table(sugg[["transcript_id", "segment_id", "theme", "score", "matched"]].to_dict(orient="records"),
                    title=f"{method} suggestions")


@interviews_app.command("themes")
def themes_cmd(
    project: Path = ProjectOption,
    by: str = typer.Option("country,actor_type", "--by", help="Grouping columns."),
    kappa: str = typer.Option(None, "--kappa", help="CODER_A,CODER_B: Cohen's kappa instead of frequencies."),
    quotes_for: str = typer.Option(None, "--quotes", help="Show the quotes of this theme instead."),
    demo: bool = typer.Option(False, "--demo", help="Use the DEMO transcripts (keyword-coded)."),
    json: bool = JsonOption,
) -> None:
    """Theme frequencies by country and actor type, quotes of a theme, or inter-coder agreement.

    Example: tradebridge interviews themes --project interviews --kappa ana,ben
    """
    from tradebridge.interviews.coding import cohen_kappa, quotes, theme_frequencies

    if demo:
        from tradebridge.interviews.demo import demo_interview_results

        res = demo_interview_results()
        table = res["quotes"] if quotes_for is None else res["quotes"][res["quotes"]["theme"] == quotes_for]
        if quotes_for is None:
            table = res["frequencies"]
        title = "DEMO DATA — illustrative, not findings"
    else:
        from tradebridge.interviews.project import InterviewProject

        proj = InterviewProject(project)
        codings = proj.codings()
        if kappa:
            a, b = [c.strip() for c in kappa.split(",", 1)]
            segs = [s.id for t in proj.transcripts() for s in t.segments]
            table = cohen_kappa(codings, a, b, segments=segs).to_frame()
            title = f"Cohen's kappa {a} vs {b}"
        elif quotes_for:
            table = quotes(codings, proj.transcripts(), quotes_for)
            title = f"quotes: {quotes_for}"
        else:
            table = theme_frequencies(codings, proj.metadata_frame(), by=[c for c in by.split(",") if c])
            title = "theme frequencies"
    if json:
        print_json(table)
    else:
        print_table(table.to_dict(orient="records"), title=title)


@interviews_app.command("export")
def export_cmd(
    out: Path = typer.Argument(..., help="Output: .qdpx (REFI-QDA project), .qdc (codebook) or .csv (codings)."),
    project: Path = ProjectOption,
) -> None:
    """Export for QualCoder / NVivo / ATLAS.ti (REFI-QDA) or as a CSV of codings.

    In the CSV, a text cell starting with = + - @ TAB or CR gets a leading ' (no formula runs in a spreadsheet).

    Example: tradebridge interviews export interviews.qdpx --project interviews
    """
    from tradebridge.errors import DataError
    from tradebridge.interviews.project import InterviewProject
    from tradebridge.interviews.qdpx import codebook_to_qdc, export_qdpx
    from tradebridge.survey.storage import formula_safe

    proj = InterviewProject(project)
    suffix = out.suffix.lower()
    if suffix == ".qdpx":
        export_qdpx(proj, out)
    elif suffix == ".qdc":
        out.write_bytes(codebook_to_qdc(proj.codebook))
    elif suffix == ".csv":
        formula_safe(proj.codings()).to_csv(out, index=False)
    else:
        raise DataError(f"unsupported export {suffix!r}", hint="use .qdpx, .qdc or .csv")
    console.print(f"wrote {out}")


def register(app: typer.Typer) -> None:
    app.add_typer(interviews_app, name="interviews")
