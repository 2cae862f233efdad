"""Response models of the HTTP API."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from app.model.interchange import Declared, Framework

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="Items matching, before limit and offset.")


class FrameworkItem(Framework):
    model_config = ConfigDict(extra="ignore")


class Recorded(BaseModel):
    documents: int
    issued: int = Field(description="Documents with status issued or amended (已出台).")
    supporting: int
    by_tier: dict[str, int]
    by_status: dict[str, int]


class FrameworkStats(BaseModel):
    framework: FrameworkItem
    declared: Declared
    recorded: Recorded


class Problem(BaseModel):
    path: str = Field(examples=["documents[12].based_on[0]"])
    message: str = Field(examples=["unknown document 'x'"])


class ImportRejected(BaseModel):
    detail: str
    errors: list[Problem]
