"""Read-only access for users and dashboards: a connection to the published file that cannot
touch any other file, and one line saying why it refused a statement."""
from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

from waqai.flows.warehouse_schema import _sql_str


def connect_readonly(warehouse: str | os.PathLike) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published file (what users and dashboards open) that
    cannot touch any other file: no COPY/EXPORT, no ATTACH (not even of the private `.rw`
    file), no INSTALL/LOAD, no read_csv/read_text/glob..., and no SET to undo any of it."""
    path = Path(warehouse)
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `waqai run` first")
    # A private in-memory instance with the file attached, not duckdb.connect(path): DuckDB
    # shares one instance per path within a process, so locking it would also lock (and
    # clash with) every other connection to the file in this process.
    con = duckdb.connect(":memory:", config={
        "autoinstall_known_extensions": False, "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "python_enable_replacements": False,  # `from df` must not read the caller's Python variables
    })
    try:
        name = path.stem.replace('"', '""')
        con.execute(f"""attach '{_sql_str(path.resolve())}' as "{name}" (read_only)""")
        con.execute(f'use "{name}"')
        con.execute("detach memory")
        con.execute("set temp_directory = ''")  # never spill query state to disk
        con.execute("set enable_external_access = false")
        # enable_external_access still lets a query read the attached file itself (read_blob,
        # read_text, a second ATTACH); the open file handle keeps working without the file system.
        con.execute("set disabled_filesystems = 'LocalFileSystem'")
        con.execute("set lock_configuration = true")
    except BaseException:
        con.close()
        raise
    return con


def readonly_refusal(exc: Exception, sql: str = "") -> str | None:
    """One line saying why a read-only connection refused SQL, or None for other errors."""
    message = str(exc)
    verbs = [st.split()[0].upper() for st in sql.split(";") if st.split()]

    def verb_among(wanted: set[str]) -> str | None:
        return next((v for v in verbs if v in wanted), None)

    if "read-only mode" in message:
        found = re.search(r'statement of type "(\w+)"', message)
        return f"refused: the warehouse is read-only ({found.group(1) if found else verbs[0] if verbs else 'write'})"
    if "configuration has been locked" in message:
        return f"refused: this connection's settings are locked ({verb_among({'SET', 'RESET', 'PRAGMA', 'CALL'}) or 'SET'})"
    if isinstance(exc, duckdb.PermissionException) or "disabled by configuration" in message \
            or "disabled through configuration" in message:
        function = re.search(r"\b(read_\w+|glob|sniff_csv|parquet_\w+|\w+_scan)\s*\(", sql, re.I)
        what = (verb_among({"COPY", "EXPORT", "IMPORT", "ATTACH", "INSTALL", "FORCE", "LOAD", "CREATE"})
                or (function.group(1) if function else "reading a file"))
        return f"refused: this connection is read-only and cannot touch files ({what})"
    return None
