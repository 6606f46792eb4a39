"""The demo county: a realistic 示例县 with units and two fiscal years of projects to try PerfDesk on.

Everything goes through the catalog and settings services, so the demo obeys the same rules as what
a person types (funds balance to the cent, codes unique per year). The data are fixed tables, not
random, so every run gives the same codes and amounts — and the township and the county
installation of the demo hold the same units and projects, so a township export imports cleanly
into the county.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from perfdesk.domain.findings import Finding, Severity, ValidationFailed
from perfdesk.domain.labels import label
from perfdesk.domain.money import Money
from perfdesk.services import catalog
from perfdesk.services.settings import load_settings, save_settings
from perfdesk.services.store import Store

DEMO_COUNTY_CODE = "610921"
DEMO_COUNTY_NAME = "示例县"
DEMO_PREPARERS = {"township": "李文静", "county": "赵敏"}

# 单位编码, 单位名称, kind, 主管部门, 项目负责人, 联系电话 (all fictional)
_UNITS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("610921101", "城关镇人民政府", "township", "", "陈志强", "0915-5210101"),
    ("610921101001", "城关镇农业综合服务站", "unit", "城关镇人民政府", "吴海燕", "0915-5210126"),
    ("610921102", "青山镇人民政府", "township", "", "刘建华", "0915-5230102"),
    ("610921103", "双河镇人民政府", "township", "", "杨小红", "0915-5250103"),
    ("610921301", "示例县农业农村局", "department", "", "王建国", "0915-5321301"),
    ("610921301001", "示例县农业技术推广中心", "unit", "示例县农业农村局", "孙丽萍", "0915-5321318"),
    ("610921302", "示例县交通运输局", "department", "", "张伟", "0915-5322302"),
    ("610921303", "示例县水利局", "department", "", "黄德明", "0915-5323303"),
    ("610921304", "示例县教育体育局", "department", "", "周丽", "0915-5324304"),
    ("610921305", "示例县卫生健康局", "department", "", "郑永刚", "0915-5325305"),
    ("610921306", "示例县乡村振兴局", "department", "", "何春梅", "0915-5326306"),
)

# Per unit: 项目名称, 资金类别, 项目期 as years from the current year (start, end), then 财政拨款 and
# 其他资金 in 万元 of the project's first year in the demo. A project whose period covers both
# demo years is listed in both; the others only in their one year.
_Row = tuple[str, str, int, int, str, str]
_PROJECTS: dict[str, tuple[_Row, ...]] = {
    "610921101": (
        ("城关镇村内道路硬化项目", "衔接资金", -1, 0, "185.60", "12.00"),
        ("城关镇农村人居环境整治项目", "衔接资金", 0, 0, "48.00", "0"),
        ("城关镇茶园提质增效项目", "衔接资金", -2, 0, "96.80", "20.00"),
        ("城关镇办公运转经费", "运转经费", -4, 0, "36.50", "0"),
    ),
    "610921101001": (("城关镇农技推广服务", "专项业务费", -3, 0, "8.60", "0"),),
    "610921102": (
        ("青山镇食用菌大棚建设项目", "衔接资金", -1, 0, "132.40", "35.00"),
        ("青山镇饮水安全巩固提升工程", "衔接资金", -1, -1, "78.25", "5.50"),
        ("青山镇产业奖补项目", "衔接资金", -2, 0, "64.00", "0"),
        ("青山镇办公运转经费", "运转经费", -4, 0, "31.20", "0"),
    ),
    "610921103": (
        ("双河镇村内道路硬化项目", "衔接资金", -1, -1, "142.00", "8.00"),
        ("双河镇魔芋种植基地建设项目", "衔接资金", 0, 1, "88.50", "15.00"),
        ("双河镇小型农田水利设施修复", "水利发展资金", -1, 0, "56.30", "0"),
        ("双河镇办公运转经费", "运转经费", -4, 0, "29.80", "0"),
    ),
    "610921301": (
        ("高标准农田建设项目", "农业生产发展资金", -1, 1, "1200.00", "180.00"),
        ("农业社会化服务项目", "农业生产发展资金", -1, -1, "150.00", "0"),
        ("耕地地力保护补贴", "农业生产发展资金", -4, 0, "2356.78", "0"),
        ("示例县农业农村局部门整体支出", "部门整体", -4, 0, "412.36", "18.00"),
    ),
    "610921301001": (
        ("基层农技推广体系改革与建设", "农业生产发展资金", -2, 0, "45.00", "0"),
        ("农作物病虫害统防统治", "专项业务费", 0, 0, "22.60", "0"),
    ),
    "610921302": (
        ("农村公路日常养护", "专项业务费", -4, 0, "320.00", "0"),
        ("通村公路安全生命防护工程", "专项业务费", -1, -1, "260.50", "40.00"),
        ("县乡道路提升改造工程", "专项业务费", 0, 1, "880.00", "220.00"),
    ),
    "610921303": (
        ("农村饮水安全巩固提升工程", "水利发展资金", -1, 0, "468.90", "52.10"),
        ("山洪灾害防治非工程措施运行维护", "水利发展资金", -2, 0, "35.00", "0"),
        ("河湖长制工作经费", "专项业务费", -3, 0, "18.00", "0"),
    ),
    "610921304": (
        ("农村义务教育学生营养改善计划", "教育专项资金", -4, 0, "612.00", "0"),
        ("学前教育保教费减免", "教育专项资金", -2, 0, "186.40", "0"),
        ("中小学校舍维修改造", "教育专项资金", -1, -1, "240.00", "30.00"),
    ),
    "610921305": (
        ("基层医疗卫生机构运转", "卫生健康专项资金", -4, 0, "524.70", "86.30"),
        ("基本公共卫生服务项目", "卫生健康专项资金", -4, 0, "738.45", "0"),
        ("家庭医生签约服务", "卫生健康专项资金", -1, 0, "56.00", "0"),
    ),
    "610921306": (
        ("雨露计划职业教育补助", "衔接资金", -3, 0, "96.00", "0"),
        ("农村危房改造", "衔接资金", -1, -1, "168.00", "24.00"),
        ("脱贫劳动力技能培训", "衔接资金", -2, 0, "42.50", "0"),
        ("脱贫人口小额信贷贴息", "衔接资金", -3, 0, "75.30", "0"),
        ("防返贫监测帮扶保险", "衔接资金", 0, 0, "38.00", "4.00"),
    ),
}

# How a continuing project's money changes in the current year, picked by its sequence number.
_CHANGE = tuple(Decimal(f) for f in ("1.00", "1.08", "0.95", "1.12", "0.90", "1.05"))
_CENT_WAN = Decimal("0.01")


@dataclass(frozen=True)
class DemoSummary:
    """What the demo folder holds after ``install_demo``; ``describe()`` says it in Chinese."""

    county_code: str
    county_name: str
    mode: str
    units: int
    projects_per_year: tuple[tuple[int, int], ...]
    already_present: bool = False

    def projects(self, year: int) -> int:
        return dict(self.projects_per_year).get(year, 0)

    def describe(self) -> str:
        head = "示例数据已存在，未重复建立" if self.already_present else "已建立示例数据"
        years = "，".join(f"{year} 年 {count} 个项目" for year, count in self.projects_per_year)
        return (
            f"{head}：{self.county_name}（{self.county_code}），{label('mode.' + self.mode)}，"
            f"{self.units} 个单位，{years}"
        )


def demo_present(store: Store) -> bool:
    """True when every unit of the demo county is in the data folder."""
    codes = {node.unit.code for node in catalog.load_tree(store, date.today().year)}
    return all(unit[0] in codes for unit in _UNITS)


def install_demo(store: Store, *, county: bool = False, today: date | None = None) -> DemoSummary:
    """Fill the data folder with the demo county: settings, units and projects of two years.

    The years are ``today``'s and the one before. Whatever part of the demo is already there is
    kept, so a second call changes nothing and says so. A folder holding other units is refused
    with ``ValidationFailed`` (``demo.folder_in_use``): the demo must not mix with real data.
    """
    year = (today or date.today()).year
    years = (year - 1, year)
    units = {node.unit.code: node.unit for node in catalog.load_tree(store, year)}
    _refuse_foreign_units(units)
    existing = {y: {p.code for node in catalog.load_tree(store, y) for p in node.projects} for y in years}
    plans = [
        (fiscal_year, unit_code, values)
        for fiscal_year in years
        for unit_code, values in demo_projects(year, fiscal_year)
        if values["code"] not in existing[fiscal_year]
    ]
    missing_units = [u for u in _UNITS if u[0] not in units]
    if not plans and not missing_units:
        return _summary(store, years, load_settings(store).mode, already_present=True)

    for code, name, kind, parent, _manager, _phone in missing_units:
        units[code] = catalog.save_unit(
            store, code=code, name=name, kind=kind, parent=parent, region_code=DEMO_COUNTY_CODE
        )
    for fiscal_year in years:
        catalog.add_year(store, fiscal_year)
    for fiscal_year, unit_code, values in plans:
        catalog.create_project(store, year=fiscal_year, unit_id=units[unit_code].id, values=values)
    mode = "county" if county else "township"
    settings = replace(
        load_settings(store),
        mode=mode,
        county_code=DEMO_COUNTY_CODE,
        county_name=DEMO_COUNTY_NAME,
        preparer=DEMO_PREPARERS[mode],
        demo_offered=True,
    )
    save_settings(store, settings)
    if not county:
        from perfdesk.services.demo_forms import complete_demo_forms

        complete_demo_forms(store, year)  # so that 导出申报包 works right away
    return _summary(store, years, mode)


def demo_projects(current_year: int, fiscal_year: int) -> list[tuple[str, dict[str, str]]]:
    """The demo's projects of ``fiscal_year`` as (unit code, fields as typed), in table order."""
    units = {u[0]: u for u in _UNITS}
    out: list[tuple[str, dict[str, str]]] = []
    rows = [(unit_code, row) for unit_code, unit_rows in _PROJECTS.items() for row in unit_rows]
    for seq, (unit_code, row) in enumerate(rows, start=1):
        name, category, start_offset, end_offset, fiscal_text, other_text = row
        start, end = current_year + start_offset, current_year + end_offset
        if not start <= fiscal_year <= end:
            continue
        # The table's amounts are the project's first demo year; a continuing one changes a little.
        first_demo_year = max(start, current_year - 1)
        factor = Decimal(1) if fiscal_year == first_demo_year else _CHANGE[seq % len(_CHANGE)]
        fiscal = Money.from_wan((Decimal(fiscal_text) * factor).quantize(_CENT_WAN))
        other = Money.from_wan((Decimal(other_text) * factor).quantize(_CENT_WAN))
        _code, unit_name, _kind, parent, manager, phone = units[unit_code]
        values = {
            "code": f"{DEMO_COUNTY_CODE}-{start % 100:02d}-{seq:04d}",
            "name": name,
            "department": parent or unit_name,
            "attribute": "new" if fiscal_year == start else "continuing",
            "start_year": str(start),
            "end_year": str(end),
            "manager": manager,
            "phone": phone,
            "category": category,
            "annual": (fiscal + other).to_document(),
            "fiscal": fiscal.to_document(),
            "other": other.to_document(),
        }
        out.append((unit_code, values))
    return out


def _refuse_foreign_units(units: dict[str, catalog.UnitRow]) -> None:
    demo_codes = {u[0] for u in _UNITS}
    foreign = [row.name for code, row in sorted(units.items()) if code not in demo_codes]
    if foreign:
        names = "、".join(foreign[:3]) + ("等" if len(foreign) > 3 else "")
        raise ValidationFailed(
            [
                Finding(
                    "demo.folder_in_use",
                    Severity.ERROR,
                    "data_dir",
                    f"数据文件夹中已有其他单位（{names}），示例数据不能与真实数据混在一起。"
                    "请换一个空的数据文件夹再建立示例数据。",
                )
            ]
        )


def _summary(
    store: Store, years: tuple[int, ...], mode: str, *, already_present: bool = False
) -> DemoSummary:
    counts: list[tuple[int, int]] = []
    unit_count = 0
    for fiscal_year in years:
        tree = catalog.load_tree(store, fiscal_year)
        unit_count = len(tree)
        counts.append((fiscal_year, sum(len(node.projects) for node in tree)))
    return DemoSummary(DEMO_COUNTY_CODE, DEMO_COUNTY_NAME, mode, unit_count, tuple(counts), already_present)
