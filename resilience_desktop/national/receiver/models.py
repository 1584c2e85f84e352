"""The receiver's JSON bodies as pydantic models: they make the generated OpenAPI description."""

from __future__ import annotations

__all__ = ["ErrorDetail", "ErrorBody", "ReceiptModel", "RejectedBody", "EssentialScore", "CityRow", "CityList",
           "SummaryRow", "Summary", "Health", "WhoAmI"]

from typing import Literal, Optional

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    status: int = Field(description="the HTTP status code")
    code: str = Field(description="a stable machine-readable code, e.g. unauthorized, forbidden, too_large")
    message: str = Field(description="one plain sentence for a person")


class ErrorBody(BaseModel):
    """Every 4xx (and 503) answer."""

    error: ErrorDetail


class ReceiptModel(BaseModel):
    """What the platform did with one bundle file."""

    sha256: Optional[str] = Field(description="sha256 of the whole bundle file (lower-case hex)")
    outcome: Literal["imported", "already_imported", "older_revision", "rejected", "held"]
    reason: str = Field(description="why, when not simply imported")
    server_time: str = Field(description="UTC, ISO 8601")
    assessment_id: Optional[str] = None
    revision: Optional[int] = None
    city_id: Optional[str] = None
    warnings: list[str] = []


class RejectedBody(BaseModel):
    """A bundle that was received but refused: the error and the receipt."""

    error: ErrorDetail
    receipt: ReceiptModel


class EssentialScore(BaseModel):
    points: int
    max: int
    answered: int
    questions: int


class CityRow(BaseModel):
    city_id: str
    city: str
    country: str
    region: Optional[str] = None
    assessment_id: str
    revision: int
    scorecard: str
    points: int
    max: int
    percent: Optional[float] = None


class CityList(BaseModel):
    cities: list[CityRow]


class SummaryRow(BaseModel):
    city_id: str
    city: str
    country: str
    region: Optional[str] = None
    lon: Optional[float] = None
    lat: Optional[float] = None
    assessment_id: str
    revision: int
    scorecard: str
    title: str
    status: str
    points: int
    max: int
    essentials: dict[str, EssentialScore]


class Summary(BaseModel):
    cities: list[SummaryRow]


class WhoAmI(BaseModel):
    city_id: str


class Health(BaseModel):
    status: Literal["ok"]
    store: Literal["sqlite", "postgresql"]
    server_time: str
