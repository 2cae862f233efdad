"""Departments and what each is responsible for."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from app.deps import GraphDep
from app.model.api import DepartmentDocuments, DepartmentItem, Page
from app.routes.params import Framework, Limit, Offset
from app.services import traversal

router = APIRouter(prefix="/api/v1/departments", tags=["departments"])


@router.get("", response_model=Page[DepartmentItem], summary="Departments with their document counts")
async def list_departments(graph: GraphDep, framework: Framework = None) -> Page[DepartmentItem]:
    items = await traversal.departments(graph, framework)
    return Page(items=items, total=len(items))


@router.get(
    "/{dep_id}/documents",
    response_model=DepartmentDocuments,
    summary="The documents a department is responsible for, with its role",
    responses={404: {"description": "Unknown department"}},
)
async def department_documents(
    graph: GraphDep,
    dep_id: Annotated[str, Path(max_length=200)],
    limit: Limit = 50,
    offset: Offset = 0,
) -> DepartmentDocuments:
    return await traversal.department_documents(graph, dep_id, offset, limit)
