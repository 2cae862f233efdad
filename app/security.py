"""The write key: header X-API-Key, compared in constant time with POLICYGRAPH_API_KEY."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Security
from fastapi.security import APIKeyHeader

from app.deps import SettingsDep

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="Required for every write.")


def require_api_key(settings: SettingsDep, key: Annotated[str | None, Security(api_key_header)]) -> str:
    expected = settings.api_key.get_secret_value() if settings.api_key else ""
    if not expected:
        raise HTTPException(
            status_code=403,
            detail="Writes are disabled on this server: set the environment variable "
            "POLICYGRAPH_API_KEY and send its value in the X-API-Key header.",
        )
    if key is None or not secrets.compare_digest(key.encode(), expected.encode()):
        raise HTTPException(
            status_code=401,
            detail="A valid X-API-Key header is required for writes.",
            headers={"WWW-Authenticate": "APIKey"},
        )
    return "api-key"


WriteKey = Annotated[str, Depends(require_api_key)]
