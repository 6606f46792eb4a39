"""The one table of Chinese labels for domain terms, used by the screen, the PDF and the workbook.

Code uses the English keys; whatever a person reads comes from here, so the three outputs never
disagree. ``label("field.project.name")`` → ``"项目名称"``.
"""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, str]] = {
    # application
    "app.title": "PerfDesk 预算绩效管理",
    "mode.township": "乡镇（填报）模式",
    "mode.county": "县级（审核）模式",
    # master data
    "entity.unit": "预算单位",
    "entity.project": "项目",
    "entity.fiscal_year": "预算年度",
    "unit.kind.department": "部门",
    "unit.kind.unit": "单位",
    "unit.kind.township": "镇办",
    "project.attribute.new": "新增",
    "project.attribute.continuing": "延续",
    "field.unit.code": "单位编码",
    "field.unit.name": "单位名称",
    "field.unit.kind": "单位类型",
    "field.unit.parent": "主管部门",
    "field.unit.region_code": "财政区划代码",
    "field.project.code": "项目代码",
    "field.project.name": "项目名称",
    "field.project.unit": "实施单位",
    "field.project.department": "主管部门",
    "field.project.attribute": "项目属性",
    "field.project.period": "项目期",
    "field.project.start_year": "起始年度",
    "field.project.end_year": "结束年度",
    "field.project.manager": "项目负责人",
    "field.project.phone": "联系电话",
    "field.project.category": "资金类别",
    "field.funds": "项目资金",
    "field.funds.annual": "年度资金总额",
    "field.funds.fiscal": "财政拨款",
    "field.funds.other": "其他资金",
    "field.funds.initial": "年初预算数",
    "field.funds.adjusted": "调整后预算数",
    "field.funds.executed": "执行数",
    "field.funds.carryover": "上年结转资金",
    "field.funds.forecast": "全年预计执行数",
    "field.goals.annual": "年度总体目标",
    "field.goals.midterm": "中期目标",
    "field.indicators": "绩效指标",
    "field.explanations": "出错说明",
    "field.fiscal_year": "预算年度",
    "money.unit": "万元",
    "money.unit_line": "金额单位：万元",
    # settings
    "settings.mode": "工作模式",
    "settings.county_code": "财政区划代码",
    "settings.county_name": "县（区）名称",
    "settings.money_decimals": "金额显示",
    "settings.framework": "指标体系",
    "settings.preparer": "填报人",
    "settings.data_dir": "数据文件夹",
    # forms
    "form.targets": "绩效目标表",
    "form.monitoring": "绩效运行监控表",
    "form.selfeval": "项目支出绩效自评表",
    "status.draft": "草稿",
    "status.completed": "已完成",
    "status.exported": "已导出",
    "status.received": "已接收",
    "status.approved": "审核通过",
    "status.returned": "退回",
    # indicators
    "indicator.lv1": "一级指标",
    "indicator.lv2": "二级指标",
    "indicator.lv3": "三级指标",
    "indicator.value": "指标值",
    "indicator.actual": "实际完成值",
    "indicator.weight": "分值",
    "indicator.explanation": "指标解释",
    "indicator.core": "核心指标",
    "indicator.sign.ge": "≥",
    "indicator.sign.gt": ">",
    "indicator.sign.eq": "=",
    "indicator.sign.le": "≤",
    "indicator.sign.lt": "<",
    "indicator.sign.qualitative": "定性",
    "indicator.direction.positive": "正向",
    "indicator.direction.reverse": "反向",
    "framework.classic": "通用指标体系（产出/效益/满意度）",
    "framework.2021": "2021版指标体系（成本单列）",
    "indicator.category.output": "产出指标",
    "indicator.category.effect": "效益指标",
    "indicator.category.satisfaction": "满意度指标",
    # self-evaluation scoring
    "selfeval.funds": "预算执行",
    "selfeval.funds.budget": "全年预算数",
    "selfeval.funds.executed": "全年执行数",
    "selfeval.funds.rate": "执行率",
    "selfeval.tier": "完成档次",
    "selfeval.reason": "偏差原因分析及改进措施",
    "selfeval.na": "不适用",
    "score.computed": "计算得分",
    "score.score": "得分",
    "score.total": "总分",
    "score.grade": "等级",
    "score.profile": "评分方案",
    "score.override": "人工认定",
    "score.explanation": "计分说明",
    # grades and lights
    "grade.excellent": "优",
    "grade.good": "良",
    "grade.fair": "中",
    "grade.poor": "差",
    "light.red": "红灯",
    "light.yellow": "黄灯",
    "light.green": "绿灯",
    "light.blue": "蓝灯",
    "severity.error": "错误",
    "severity.warning": "提示",
    "check.explained": "已说明",
    "check.unexplained": "未说明",
    "check.row": "第{n}行",
    # funds categories commonly used in counties
    "category.linkage": "衔接资金",
    "category.special": "专项业务费",
    "category.whole": "部门整体",
    # indicator library (共性指标库) and copying a target sheet
    "library.title": "共性指标库",
    "library.project_type": "项目类型",
    "library.template": "指标值模板",
    "library.keywords": "关键词",
    "indicator.core.required": "必填",
    "form.copy_targets": "复制目标",
    # target review (绩效目标审核, FORMS.md §3.4)
    "review.title": "绩效目标审核",
    "review.checklist": "审核清单",
    "review.dimension": "审核维度",
    "review.dimension.completeness": "完整性",
    "review.dimension.relevance": "相关性",
    "review.dimension.appropriateness": "适当性",
    "review.dimension.feasibility": "可行性",
    "review.item": "审核要点",
    "review.weight": "分值",
    "review.score": "得分",
    "review.guidance": "评分说明",
    "review.comment": "审核意见",
    "review.overall_comment": "总体审核意见",
    "review.total": "审核得分",
    "review.grade": "审核等级",
    "review.reviewer": "审核人",
    "review.reviewed_at": "定稿时间",
    "review.budget": "纳入预算",
    "review.unscored": "未评分",
    "review.ungraded": "未定级",
    "review.not_reviewed": "未审核",
    "review.status.draft": "审核中",
    "review.status.final": "已定稿",
    "review.consequence.excellent": "可纳入预算",
    "review.consequence.good": "按审核意见修改后纳入预算",
    "review.consequence.fair": "退回修改",
    "review.consequence.poor": "不得纳入预算",
    "review.poor_marker": "绩效目标审核为差，不得纳入预算",
    "review.save": "保存",
    "review.finalise": "定稿",
    "targets.none": "未填报",
    "targets.overview": "绩效目标总览",
}

UNIT_KINDS: Final[tuple[str, ...]] = ("department", "unit", "township")
PROJECT_ATTRIBUTES: Final[tuple[str, ...]] = ("new", "continuing")
FUND_CATEGORIES: Final[tuple[str, ...]] = (
    "衔接资金",
    "专项业务费",
    "部门整体",
    "农业生产发展资金",
    "水利发展资金",
    "教育专项资金",
    "卫生健康专项资金",
    "运转经费",
    "其他",
)


def label(key: str) -> str:
    """The Chinese label for ``key``; a missing key is a programming error and says so."""
    try:
        return LABELS[key]
    except KeyError:
        raise KeyError(f"labels table has no entry {key!r}") from None


def unit_kind_label(kind: str) -> str:
    return label(f"unit.kind.{kind}")


def attribute_label(attribute: str) -> str:
    return label(f"project.attribute.{attribute}")
