"""Departments and what each is responsible for."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from policygraph.deps import GraphDep
from policygraph.model.api import DepartmentDocuments, DepartmentItem, Page
from policygraph.model.edits import DepartmentCreate, DepartmentPatch, Written
from policygraph.model.interchange import Department
from policygraph.routes import responses
from policygraph.routes.documents import WRITE_ERRORS, Force
from policygraph.routes.params import Framework, Limit, Offset
from policygraph.security import WriteKey
from policygraph.services import editing, kinds, traversal

router = APIRouter(prefix="/api/v1/departments", tags=["departments"])
DepId = Annotated[
    str,
    Path(
        max_length=200,
        description="Department id; a department's name redirects to it (307)",
        openapi_examples={"seed": {"summary": "中共昆明市委组织部", "value": "km-municipal-organisation-department"}},
    ),
]
NOT_FOUND = responses.not_found("department")


@router.get("", response_model=Page[DepartmentItem], summary="Departments with their document counts")
async def list_departments(graph: GraphDep, framework: Framework = None) -> Page[DepartmentItem]:
    items = await traversal.departments(graph, framework)
    return Page(items=items, total=len(items))


@router.get(
    "/{dep_id}/documents",
    response_model=DepartmentDocuments,
    summary="The documents a department is responsible for, with its role",
    responses=NOT_FOUND,
)
async def department_documents(
    graph: GraphDep,
    dep_id: DepId,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DepartmentDocuments:
    return await traversal.department_documents(graph, dep_id, offset, limit)


@router.post("", response_model=Department, status_code=201, summary="Create a department", responses=WRITE_ERRORS)
async def create_department(graph: GraphDep, actor: WriteKey, body: DepartmentCreate) -> Department:
    return (await editing.create_node(graph, kinds.DEPARTMENT, body, actor)).record


@router.patch(
    "/{dep_id}", response_model=Department, summary="Change a department", responses={**NOT_FOUND, **WRITE_ERRORS}
)
async def update_department(graph: GraphDep, actor: WriteKey, dep_id: DepId, body: DepartmentPatch) -> Department:
    return (await editing.update_node(graph, kinds.DEPARTMENT, dep_id, body, actor)).record


@router.delete(
    "/{dep_id}",
    response_model=Written,
    summary="Delete a department (refused while it is responsible for documents, unless force=true)",
    responses={**NOT_FOUND, **WRITE_ERRORS},
)
async def delete_department(graph: GraphDep, actor: WriteKey, dep_id: DepId, force: Force = False) -> Written:
    return await editing.delete(graph, kinds.DEPARTMENT, dep_id, force, actor)
