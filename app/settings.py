"""The one Settings class: every knob, read from the environment (or `.env`)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AliasChoices, BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from policygraph.i18n import DEFAULT as DEFAULT_LOCALE
from policygraph.i18n import Locale, parse_locale
from policygraph.resources import CHECKOUT, default_data_dir


class Connection(BaseModel):
    """Where the Neo4j server is and how to log in."""

    uri: str
    user: str
    password: SecretStr
    database: str = "neo4j"
    http_url: str | None = None


class NotConfigured(RuntimeError):
    """No Neo4j to talk to: neither NEO4J_URI nor a provisioned server."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYGRAPH_", env_file=".env", extra="ignore", populate_by_name=True)

    # --- Which database ---------------------------------------------------------------
    neo4j_uri: Annotated[
        str | None,
        Field(
            validation_alias=AliasChoices("NEO4J_URI", "POLICYGRAPH_NEO4J_URI"),
            description="Bolt URI of an existing server (bolt://, neo4j://, neo4j+s://). "
            "Unset: use the server provisioned under the data folder.",
        ),
    ] = None
    neo4j_user: Annotated[
        str,
        Field(
            validation_alias=AliasChoices("NEO4J_USER", "POLICYGRAPH_NEO4J_USER"),
            description="User for NEO4J_URI.",
        ),
    ] = "neo4j"
    neo4j_password: Annotated[
        SecretStr | None,
        Field(
            validation_alias=AliasChoices("NEO4J_PASSWORD", "POLICYGRAPH_NEO4J_PASSWORD"),
            description="Password for NEO4J_URI.",
        ),
    ] = None
    neo4j_database: Annotated[
        str,
        Field(
            validation_alias=AliasChoices("NEO4J_DATABASE", "POLICYGRAPH_NEO4J_DATABASE"),
            description="Database name.",
        ),
    ] = "neo4j"

    # --- The provisioned server (local jars or Docker) ------------------------------
    data_dir: Annotated[
        Path,
        Field(description="Folder for the provisioned server: jars, data, logs, credentials."),
    ] = default_data_dir()
    neo4j_provider: Annotated[
        str,
        Field(
            description="How `policygraph neo4j start` gets a server: auto, local or docker. "
            "auto: NEO4J_URI if set, else Docker if it answers, else local jars."
        ),
    ] = "auto"
    neo4j_version: Annotated[str, Field(description="Neo4j Community version (5.26 LTS).")] = "5.26.30"
    neo4j_browser_version: Annotated[str, Field(description="Neo4j Browser jar version.")] = "5.24.0"
    neo4j_bolt_port: Annotated[int, Field(description="Bolt port on 127.0.0.1.")] = 7687
    neo4j_http_port: Annotated[int, Field(description="HTTP (Browser) port on 127.0.0.1.")] = 7474
    neo4j_heap: Annotated[str, Field(description="Neo4j heap size (initial and max).")] = "1g"
    neo4j_pagecache: Annotated[str, Field(description="Neo4j page cache size.")] = "512m"
    neo4j_transaction_timeout: Annotated[str, Field(description="Server-side db.transaction.timeout.")] = "60s"
    neo4j_start_timeout: Annotated[float, Field(description="Seconds to wait for a started server to answer Bolt.")] = (
        180.0
    )

    # --- The service ----------------------------------------------------------------
    api_host: Annotated[str, Field(description="Address the API listens on.")] = "127.0.0.1"
    api_port: Annotated[int, Field(description="Port the API listens on.")] = 8000
    locale: Annotated[
        Locale,
        Field(
            description="Language of text for people (audit report, Browser guide, CLI, API problem messages): "
            "zh-CN or en. A request chooses its own with ?lang= or Accept-Language.",
        ),
    ] = DEFAULT_LOCALE
    api_key: Annotated[
        SecretStr | None,
        Field(
            validation_alias=AliasChoices("POLICYGRAPH_API_KEY"),
            description="Key required in X-API-Key for every write. Unset: writes are refused.",
        ),
    ] = None
    api_keys: Annotated[
        dict[str, SecretStr],
        Field(
            description='Named write keys as a JSON object, e.g. {"alice": "...", "importer": "..."}; '
            "the name is recorded in the change history. POLICYGRAPH_API_KEY is the key named default.",
        ),
    ] = {}
    max_body_bytes: Annotated[
        int,
        Field(gt=0, description="Largest request body accepted (413 beyond); `policygraph load` has no limit."),
    ] = 16 * 1024 * 1024
    db_deadline: Annotated[
        float,
        Field(
            gt=0,
            le=300,
            description="Most seconds a request waits on Neo4j (stopped, frozen, unreachable) before it "
            "answers 503 with Retry-After.",
        ),
    ] = 15.0
    query_timeout: Annotated[
        float, Field(gt=0, description="Seconds a single query may run (client-side timeout).")
    ] = 10.0
    audit_timeout: Annotated[
        float, Field(gt=0, description="Seconds each audit check may run (they scan whole frameworks).")
    ] = 60.0
    kept_seconds: Annotated[
        float,
        Field(
            ge=0,
            description="Age after which the orphans page recomputes its kept list of unanchored documents "
            "in the background, serving the kept one meanwhile; any write through policygraph makes the next "
            "request recompute it at once. Writes that bypass policygraph show there within this plus one "
            "recomputation. 0 = compute it on every request.",
        ),
    ] = 60.0
    search_counted: Annotated[
        int,
        Field(
            ge=1,
            le=1_000_000,
            description="Matches a full-text search (GET /api/v1/documents?q=) ranks and counts at most (or as far "
            "as the page asked for reaches): its `total` is exact up to this many, beyond it `total_exact` is false "
            "(more than `total`). A search's work grows with this, not with the registry's matches.",
        ),
    ] = 1000
    dry_run_audit_documents: Annotated[
        int,
        Field(
            ge=0,
            description="A dry run (dry_run=true, policygraph impact, load --dry-run) audits the frameworks it "
            "touches before and after its write, inside its transaction, only while the registry holds at most "
            "this many documents; past it the answer leaves the audit's delta out and says so (the checks walk "
            "the whole registry: at 1M documents two audits take about a minute). Its other parts are always "
            "there.",
        ),
    ] = 200_000
    idempotency_hours: Annotated[
        float,
        Field(
            gt=0,
            le=24 * 30,
            description="Hours an Idempotency-Key is kept: a retry within them answers the first outcome.",
        ),
    ] = 24.0
    import_job_bytes: Annotated[
        int,
        Field(
            gt=0,
            description="Imports with a body larger than this run as a job: 202 Accepted with a Location to "
            "follow (GET /api/v1/jobs/{id}). Smaller ones answer in the request unless it sends "
            "`Prefer: respond-async`.",
        ),
    ] = 4 * 1024 * 1024
    job_deadline: Annotated[
        float,
        Field(gt=0, le=3600, description="Most seconds an import job may take, its transaction included."),
    ] = 600.0
    job_queue: Annotated[
        int,
        Field(
            ge=1,
            le=64,
            description="Import jobs waiting or running in one API instance (they run one at a time); more "
            "answer 503 with Retry-After.",
        ),
    ] = 4
    heavy_slots: Annotated[
        int,
        Field(
            ge=1,
            le=64,
            description="Heavy operations (audit, report, export, import, traversals deeper than 10 hops or "
            "neighbourhoods deeper than 2) that run at once; more wait up to heavy_wait seconds, then answer "
            "503 with Retry-After.",
        ),
    ] = 2
    heavy_wait: Annotated[
        float, Field(ge=0, le=60, description="Seconds a heavy operation waits for a free slot before 503.")
    ] = 2.0
    connection_timeout: Annotated[float, Field(gt=0, description="Seconds to open a connection to Neo4j.")] = 5.0
    acquisition_timeout: Annotated[float, Field(gt=0, description="Seconds to wait for a pooled connection.")] = 10.0
    max_pool_size: Annotated[int, Field(gt=0, description="Driver connection pool size.")] = 50

    ld_base: Annotated[
        str,
        Field(
            pattern=r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S*[:/]$",
            description="Where linked-data URIs start (JSON-LD export; docs/interchange-format.md): an absolute "
            "IRI ending in / or :. An office that publishes its register sets its own address, e.g. "
            "http://policy.intranet.example/id/, so that the URIs resolve; the default names no host.",
        ),
    ] = "urn:policygraph:"

    # --- Operations ---------------------------------------------------------------------
    log_format: Annotated[
        str,
        Field(description="json (one JSON object per line) or text (for a terminal; `make run` uses it)."),
    ] = "json"
    log_level: Annotated[str, Field(description="DEBUG, INFO, WARNING or ERROR.")] = "INFO"
    slow_query_ms: Annotated[
        float,
        Field(ge=0, description="Queries slower than this are logged with their name and (truncated) parameters."),
    ] = 500.0
    metrics_enabled: Annotated[bool, Field(description="Serve Prometheus metrics at /metrics.")] = True
    check_queries: Annotated[
        bool,
        Field(
            description="After start, EXPLAIN every query file in the background, one at a time (the API answers "
            "meanwhile; a file that does not parse makes /ready answer 503 naming it); once per set of texts and "
            "Neo4j version, as the database's schema record remembers. Off: a file is checked only by its first run."
        ),
    ] = True
    backup_dir: Annotated[
        Path | None,
        Field(description="Where `policygraph backup` writes dumps (default: <data_dir>/backups)."),
    ] = None

    # --- The Neo4j Browser ------------------------------------------------------------
    public_url: Annotated[
        str | None,
        Field(description="The API's address as a web browser reaches it (default http://127.0.0.1:<api_port>)."),
    ] = None
    browser_origins: Annotated[
        list[str],
        Field(
            description="Origins allowed to fetch the guide and style sheet (CORS), as a JSON list "
            "(default: the Neo4j Browser at http://127.0.0.1 and http://localhost on the HTTP port)."
        ),
    ] = []

    def write_keys(self) -> dict[str, str]:
        """Key name -> key, for every write key configured."""
        keys = {name: key.get_secret_value() for name, key in self.api_keys.items() if key.get_secret_value()}
        if self.api_key is not None and self.api_key.get_secret_value():
            keys.setdefault("default", self.api_key.get_secret_value())
        return keys

    def api_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.api_host in {"0.0.0.0", "::", ""} else self.api_host
        return f"http://{host}:{self.api_port}"

    def cors_origins(self) -> list[str]:
        port = self.neo4j_http_port
        return self.browser_origins or [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]

    @property
    def neo4j_home(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def connection_file(self) -> Path:
        return self.neo4j_home / "connection.json"

    def connection(self) -> Connection:
        """The server to use: NEO4J_URI if given, else the provisioned server's credentials."""
        if self.neo4j_uri:
            if self.neo4j_password is None:
                raise NotConfigured("NEO4J_URI is set but NEO4J_PASSWORD is not.")
            return Connection(
                uri=self.neo4j_uri,
                user=self.neo4j_user,
                password=self.neo4j_password,
                database=self.neo4j_database,
            )
        if not self.connection_file.exists():
            raise NotConfigured(
                f"No Neo4j configured: {self.connection_file} does not exist. "
                "Run `policygraph neo4j start` (or `make run`), or set NEO4J_URI and "
                "NEO4J_PASSWORD."
            )
        data = json.loads(self.connection_file.read_text(encoding="utf-8"))
        data.setdefault("database", self.neo4j_database)
        return Connection.model_validate(data)

    @field_validator("locale", mode="before")
    @classmethod
    def _known_locale(cls, value: object) -> object:
        """zh, zh_CN, zh-Hans, en-GB... are ours; anything else is refused, naming the two."""
        if isinstance(value, Locale):
            return value
        found = parse_locale(str(value)) if value is not None else None
        if found is None:
            raise ValueError(f"unknown locale {value!r}: use zh-CN or en")
        return found

    def browser_url(self) -> str | None:
        """Where the Neo4j Browser is (for links to it): the provisioned server's, or a server on
        this machine at neo4j_http_port; None for a server elsewhere or none configured."""
        try:
            conn = self.connection()
        except NotConfigured:
            return None
        if conn.http_url:
            return conn.http_url
        host = urlsplit(conn.uri).hostname
        return f"http://{host}:{self.neo4j_http_port}" if host in ("127.0.0.1", "localhost") else None


@lru_cache
def get_settings() -> Settings:
    return Settings()


def env_names(name: str) -> list[str]:
    """The environment variables that set field `name`, first the one to use."""
    field = Settings.model_fields[name]
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [str(choice) for choice in alias.choices]
    return [f"POLICYGRAPH_{name.upper()}"]


def configuration_reference() -> str:
    """docs/configuration.md, generated from the Settings class (`policygraph config-doc`)."""
    lines = [
        "# Configuration",
        "",
        "Every setting is an environment variable (twelve-factor); a `.env` file beside the project",
        "is read too. This page is generated from `app/settings.py` by `policygraph config-doc`, and a",
        "test fails when the two disagree.",
        "",
        "| variable | default | meaning |",
        "|---|---|---|",
    ]
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, Path):
            default = default.relative_to(CHECKOUT) if CHECKOUT and default.is_relative_to(CHECKOUT) else default
        shown = (
            "(unset)"
            if default in (None, {}, [])
            else f"`{json.dumps(default) if isinstance(default, bool) else default}`"
        )
        names = env_names(name)
        variable = f"`{names[0]}`" + (f" (or `{names[1]}`)" if len(names) > 1 else "")
        description = (field.description or "").replace("|", "\\|")
        lines.append(f"| {variable} | {shown} | {description} |")
    return "\n".join(lines) + "\n"
