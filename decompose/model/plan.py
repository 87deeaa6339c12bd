"""The plan: the contract of `plan.json`, as pydantic models whose JSON Schema documents itself."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PLAN_SCHEMA_VERSION = "1.0"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Service(_Frozen):
    name: str = Field(description="The service's name.")
    tables: list[str] = Field(
        description="Tables the service owns, as named in the schema, unquoted, without the "
        "default schema qualifier."
    )
    modules: list[str] = Field(description="Python modules assigned to the service (dotted names).")
    entrypoints: list[str] = Field(description="Entry points (routes, tasks, commands) it serves.")
    rationale: str = Field(default="", description="Why these tables and modules belong together.")


class Call(_Frozen):
    caller: str = Field(description="Qualified name of the calling function (`pkg.mod:func`).")
    callee: str = Field(description="Qualified name of the called function.")
    path: str = Field(description="File of the call site, relative to the analysed root.")
    line: int = Field(description="1-based line of the call site.")


class Event(_Frozen):
    name: str = Field(description="A past-tense event name, such as `OrderPlaced`.")
    producer: str = Field(description="The service that publishes the event.")
    consumers: list[str] = Field(description="The services that consume it.")
    channel: Literal["sns", "sqs", "eventbridge", "kinesis"] = Field(
        description="The proposed channel."
    )
    trigger: str = Field(description="Qualified name of the function that makes the calls.")
    calls: list[Call] = Field(description="The synchronous calls the event replaces.")
    outbox: bool = Field(description="True when the calls happen inside a database transaction.")
    rationale: str = Field(description="Why this event and this channel.")


class CutForeignKey(_Frozen):
    table: str
    columns: list[str]
    references_table: str
    references_columns: list[str]
    from_service: str
    to_service: str
    path: str | None = Field(default=None, description="Where the key is declared.")
    line: int | None = None


class CrossServiceJoin(_Frozen):
    tables: list[str] = Field(description="The joined tables, owned by more than one service.")
    path: str
    line: int


class SharedTable(_Frozen):
    table: str
    writers: list[str] = Field(description="Services whose code writes the table.")
    owner: str = Field(description="The service proposed to own the table.")


class Federation(_Frozen):
    cut_foreign_keys: list[CutForeignKey] = Field(
        description="Foreign keys between tables of different services."
    )
    cross_service_joins: list[CrossServiceJoin] = Field(
        description="Queries that join tables of different services."
    )
    shared_tables: list[SharedTable] = Field(description="Tables written by several services.")


class Metrics(_Frozen):
    """Named figures about the plan. A literature metric is null until it is computed."""

    structural_modularity: float | None = Field(
        default=None, description="SM (Jin et al., TSE 2019)."
    )
    inter_partition_call_percentage: float | None = Field(
        default=None, description="ICP (Kalia et al., FSE 2021)."
    )
    interface_number: float | None = Field(default=None, description="IFN.")
    non_extreme_distribution: float | None = Field(default=None, description="NED.")
    business_context_purity: float | None = Field(default=None, description="BCP (FSE 2021).")
    modularization_quality: float | None = Field(
        default=None, description="MQ (Mancoridis et al. 1998)."
    )
    cut_foreign_keys: int = Field(description="Foreign keys cut by the split.")
    cross_service_joins: int = Field(description="Joins across services.")
    shared_tables: int = Field(description="Tables written by several services.")
    distributed_transactions: int = Field(description="Functions whose writes span services.")


class PlanDiagnostic(_Frozen):
    path: str
    line: int | None
    code: str
    severity: Literal["info", "warning", "error"]
    message: str


class Plan(_Frozen):
    schema_version: str = Field(
        default=PLAN_SCHEMA_VERSION, description="Version of this contract."
    )
    services: list[Service]
    events: list[Event]
    federation: Federation
    metrics: Metrics
    diagnostics: list[PlanDiagnostic]
