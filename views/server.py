"""The route of ours beside Streamlit's: it sends a prepared download from disk
(views/exports.py).

dashboard.py defines `app = st.App(__file__, routes=ROUTES)`; `streamlit run dashboard.py`
finds it (by reading the file: the call must be written out there) and serves the page with
these routes, under the settings of .streamlit/config.toml (address, port, ...) as before.
"""

from __future__ import annotations

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from views.exports import EXPORT_LIFETIME, EXPORT_ROUTE, prepared_file, remove

GONE = (f"This download is not here: a prepared file is sent once and kept for "
        f"{EXPORT_LIFETIME // 60} minutes. Prepare it again on the dashboard.")


async def send_export(request: Request) -> Response:
    token = request.path_params["token"]
    prepared = prepared_file(token)
    if prepared is None:
        return PlainTextResponse(GONE, status_code=404)
    return FileResponse(
        prepared.path, media_type=prepared.media_type, filename=prepared.file_name,
        # Sent once: a second click prepares it again, so the disk holds only what is waiting.
        background=BackgroundTask(remove, token),
    )


ROUTES = [Route(f"{EXPORT_ROUTE}/{{token}}", send_export)]
