"""Load case files: upload dossiers or a CSV bundle, read every problem (file, line, field,
what was expected), then load what passed, with progress and the loader's report.
"""

import streamlit as st

from explorer.common import audit, ontology, plain, require, writer
from loaders.dossier import SUFFIXES
from loaders.upload import (
    ACCEPTED,
    BUNDLE_FILES,
    MAX_UPLOAD_MB,
    Upload,
    UploadResult,
    upload_cases,
)


def problem_table(result: UploadResult) -> None:
    st.dataframe([{"file": p.source, "line": p.line, "field": p.field, "problem": p.message,
                   "expected / fix": p.fix} for p in result.problems],
                 hide_index=True, height="content")


def file_table(result: UploadResult) -> None:
    st.dataframe([{"file": f.path, "status": f.status, "case files": ", ".join(f.cases),
                   "rows": f.rows} for f in result.report.files], hide_index=True,
                 height="content")


st.title("Load case files")
require("load")
st.caption(f"Dossiers ({', '.join(SUFFIXES)}) or one CSV bundle ({', '.join(BUNDLE_FILES)}); "
           f"at most {MAX_UPLOAD_MB} MB per upload. Every file is checked first; a file with "
           "any problem writes nothing, and loading the same files again changes nothing "
           "(docs/case-files.md). Larger batches: `dismark load` on the server.")
files = st.file_uploader("Case files", type=[s.lstrip(".") for s in ACCEPTED],
                         accept_multiple_files=True, max_upload_size=MAX_UPLOAD_MB)
if not files:
    st.info("Upload one or more dossiers, or the three files of a CSV bundle.")
    st.stop()
uploads = [Upload(f.name, f.getvalue()) for f in files]
checked = upload_cases(uploads, ontology())  # a dry run: nothing is written
valid, failed = len(checked.loadable), len(checked.report.failed)
if checked.problems:
    st.error(f"{len(checked.problems)} problem(s): the files they are in will not be loaded.")
    problem_table(checked)
if not checked.report.files:
    st.stop()
st.markdown(f"**Checked**: {valid} file(s) valid, {failed} failed.")
file_table(checked)
if not valid:
    st.stop()
label = f"Load {valid} valid file(s)" + (f", skip {failed} failed" if failed else "")
if not st.button(label, type="primary"):
    st.stop()
audit("load", {"files": [u.name for u in uploads]})

bar = st.progress(0.0, text="Loading…")


def advance(done: int, total: int, case_id: str) -> None:
    bar.progress(done / total if total else 1.0,
                 text=plain(f"{done} of {total} files written: {case_id}"))


with st.status("Loading case files…", expanded=True) as status:
    loaded = upload_cases(uploads, ontology(), writer(), progress=advance)
    st.cache_data.clear()  # other pages read the new data at once
    summary = loaded.report.as_dict()["summary"]
    failed_now = len(loaded.report.failed)
    status.update(label=f"Loaded; {failed_now} file(s) failed and wrote nothing" if failed_now
                  else "Loaded", state="error" if failed_now == len(loaded.report.files)
                  else "complete")
bar.progress(1.0, text="Done")
*by_status, rows = st.columns(5)
for column, name in zip(by_status, ("loaded", "updated", "unchanged", "failed"), strict=True):
    column.metric(name, summary[name])
rows.metric("rows written", loaded.report.rows_written)
file_table(loaded)
if loaded.problems:
    st.markdown("**Problems of the files not loaded**")
    problem_table(loaded)
