"""The tradebridge web application (FastAPI): the dashboard, the JSON API, the survey forms and
the admin screens.

``create_app(settings)`` builds one app; each feature contributes an ``APIRouter`` factory to
:data:`tradebridge.web.app.ROUTER_FACTORIES`, so a new module adds its pages by appending there.

>>> from tradebridge.web.app import create_app
>>> from tradebridge.config import load_settings
>>> app = create_app(load_settings(env={}, overrides={"survey_db": "sqlite://"}, config_file=None))
>>> from fastapi.testclient import TestClient
>>> TestClient(app).get("/survey/").status_code
200
"""
