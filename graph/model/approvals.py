"""Rows of what allowed a project to be built and run: EIA approvals 环评批复 (joint ones included), the facilities
and amounts they approved, and the completion acceptances 竣工环境保护验收 that followed them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from graph import codes
from graph.model.base import SITE, Day, DocRef, NonNegative, Owned, Ref, Row, Sited, Uscc


class EIAApproval(Sited):
    NODE = "EIAApproval"
    doc_number: str = Field(min_length=3, description="Document number 批复文号, e.g. 环审〔2021〕104号.")
    authority: str = Field(description="Approving authority 审批部门.")
    approved_on: Day = Field(description="Date of approval 批复日期.")
    project: str = Field(description="Project name 建设项目名称.")
    projects: list[str] = Field(
        default_factory=list,
        description="Further projects 其他建设项目 one approval covers (a joint approval 联合审批 of several).",
    )


class EIAFacility(Owned):
    doc_number: DocRef
    enterprise_uscc: Uscc
    facility_code: Annotated[str, Ref("ProductionFacility", within="owner")]
    site: str = ""


class EIAAmount(Row):
    doc_number: DocRef
    pollutant_code: str = Field(pattern=codes.POLLUTANT_RE.pattern)
    amount_t: NonNegative


class EIAHolder(Owned):
    """A further holder of a joint EIA approval 联合审批 (issued to several enterprises): it obtained the approval
    too, beside the enterprise the approval's row names."""

    doc_number: DocRef
    enterprise_uscc: Uscc
    site: str = ""


AcceptanceKind = Literal["self", "authority"]
AcceptanceResult = Literal["passed", "failed"]


class CompletionAcceptance(Sited):
    """A completion acceptance 竣工环境保护验收 of a project an EIA approval allowed: since 2017 the builder's own
    (自主验收, made public), before it the authority's. It accepts the facilities it names (三同时: the treatment
    facilities built with the project)."""

    NODE = "CompletionAcceptance"
    id: str = Field(
        min_length=1,
        max_length=120,
        description="Its number 验收编号: the acceptance opinion's document number, or the public notice's.",
    )
    eia_doc_number: Annotated[str, Ref("EIAApproval")] = Field(
        default="", description="The EIA approval 环评批复文号 whose project it accepts."
    )
    accepted_on: Day = Field(description="Date of acceptance 验收日期 (of the opinion, or of its public notice).")
    kind: AcceptanceKind = Field(
        default="self", description="self 自主验收 (the builder's, since 2017) / authority 环保部门验收."
    )
    authority: str = Field(default="", description="The authority that accepted it 验收部门 (an authority's).")
    project: str = Field(default="", description="Project name 建设项目名称.")
    phase: str = Field(default="", description="What it accepts 验收范围: the whole project, a phase (一期), a part.")
    result: AcceptanceResult | None = Field(default=None, description="Conclusion 验收结论: passed 合格 / failed.")


class AcceptanceFacility(Owned):
    """A completion acceptance accepts this production or treatment facility (its code's prefix, TA/TW for
    treatment, says which)."""

    acceptance_id: Annotated[str, Ref("CompletionAcceptance")]
    enterprise_uscc: Uscc
    facility_code: Annotated[str, Ref(SITE, within="owner")]
    site: str = ""
