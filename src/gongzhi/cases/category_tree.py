"""The default category tree of cases, in the shape of GB/T 30428.2 (数字化城市管理信息系统
第2部分：管理部件和事件): large classes of managed components (管理部件: things with an owner
— covers, lamps, railings, trees) and managed events (管理事件: situations — garbage piles,
street vending, noise, disputes), each with small classes that carry their default handling
unit, the time limit of each step and whether verification is on site.

Pure data: the demo loads it and street admins edit the copy in the database afterwards.

- Codes: a large class has 2 digits, a small class 4 (its large class + 2). Components use
  the standard's large classes 01–06; events, which the standard also numbers from 01, are
  numbered from 11 here so that one code names one class across both trees (the category
  table's code is unique). Classes 16–19 extend the events with what grid workers meet in
  residential areas (网格化社会治理: hazards, disputes, people at risk, property management).
- Handling unit by default: "community" (the case's own community), "street" (a section or
  centre of the street office, e.g. 城市管理中心 and its law-enforcement team), "property"
  (the estate's property company), or "department:<name>" (a district department or the
  utility that owns the component — 权属单位; the demo creates those not yet present).
- Limits per step — accept (立案), dispatch (派遣), handle (处置), verify (核查) — as
  (number, "hours" | "days"): working hours or working days on the holiday calendar. Urgent
  classes count every limit in working hours; the others in working days.
"""

from dataclasses import dataclass
from typing import Literal

Unit = Literal["hours", "days"]
Limit = tuple[int, Unit]
KINDS = ("component", "event")

# Departments and owning units, spelled once.
CHENGGUAN = "department:区城市管理局"
ENFORCEMENT = "department:区城管执法局"
GREENERY = "department:区园林绿化局"
WATER_AFFAIRS = "department:区水务局"
TRAFFIC_POLICE = "department:区公安分局交通警察大队"
POLICE = "department:区公安分局"
HOUSING = "department:区住房和城乡建设局"
MARKET = "department:区市场监督管理局"
ECOLOGY = "department:区生态环境局"
WATER_CO = "department:自来水公司"
POWER_CO = "department:供电公司"
GAS_CO = "department:燃气公司"
HEAT_CO = "department:热力公司"
TELECOM = "department:通信运营商"
POST = "department:邮政分公司"


@dataclass(frozen=True)
class SmallClass:
    code: str
    name: str
    name_en: str
    unit: str  # "community" | "street" | "property" | "department:<name>"
    accept: Limit
    dispatch: Limit
    handle: Limit
    verify: Limit
    urgent: bool = False
    verify_on_site: bool = True

    @property
    def limits(self) -> dict[str, Limit]:
        """Per step, in the order of the flow (the names cases.models.STEPS uses)."""
        return {
            "accept": self.accept,
            "dispatch": self.dispatch,
            "handle": self.handle,
            "verify": self.verify,
        }

    @property
    def unit_kind(self) -> str:
        return self.unit.partition(":")[0]

    @property
    def department(self) -> str:
        """The department's name for "department:<name>", else ""."""
        return self.unit.partition(":")[2]


@dataclass(frozen=True)
class LargeClass:
    code: str
    name: str
    name_en: str
    kind: str  # "component" | "event"
    small: tuple[SmallClass, ...]


def urgent(code, name, name_en, unit, handle_hours, *, verify_hours=2, on_site=True):
    """An urgent class: accepted and dispatched within a working hour each."""
    return SmallClass(
        code,
        name,
        name_en,
        unit,
        accept=(1, "hours"),
        dispatch=(1, "hours"),
        handle=(handle_hours, "hours"),
        verify=(verify_hours, "hours"),
        urgent=True,
        verify_on_site=on_site,
    )


def normal(code, name, name_en, unit, handle_days, *, verify_days=1, on_site=True):
    """A normal class: accepted and dispatched within a working day each."""
    return SmallClass(
        code,
        name,
        name_en,
        unit,
        accept=(1, "days"),
        dispatch=(1, "days"),
        handle=(handle_days, "days"),
        verify=(verify_days, "days"),
        verify_on_site=on_site,
    )


# fmt: off
TREE: tuple[LargeClass, ...] = (
    # --- 管理部件 (components) -------------------------------------------------------------
    LargeClass("01", "公用设施", "Public facilities", "component", (
        urgent("0101", "上水井盖", "Water supply manhole cover", WATER_CO, 4),
        urgent("0102", "污水井盖", "Sewage manhole cover", WATER_AFFAIRS, 4),
        urgent("0103", "雨水井盖", "Storm drain cover", WATER_AFFAIRS, 4),
        normal("0104", "雨水箅子", "Gully grate", WATER_AFFAIRS, 3),
        urgent("0105", "电力井盖", "Power manhole cover", POWER_CO, 4),
        urgent("0106", "燃气井盖", "Gas valve cover", GAS_CO, 2),
        urgent("0107", "热力井盖", "District heating manhole cover", HEAT_CO, 4),
        urgent("0108", "通信井盖", "Telecom manhole cover", TELECOM, 4),
        normal("0109", "路灯", "Street lamp", CHENGGUAN, 3),
        normal("0110", "景观照明灯", "Decorative lighting", CHENGGUAN, 5),
        normal("0111", "消防栓", "Fire hydrant", WATER_CO, 2),
        normal("0112", "邮筒", "Mailbox", POST, 5),
        normal("0113", "配电箱", "Power distribution box", POWER_CO, 3),
        normal("0114", "通信交接箱", "Telecom cross-connect cabinet", TELECOM, 5),
        normal("0115", "架空线缆", "Overhead cables", TELECOM, 5),
    )),
    LargeClass("02", "道路交通", "Roads and traffic", "component", (
        normal("0201", "道路坑槽", "Pothole", CHENGGUAN, 3),
        urgent("0202", "路面塌陷", "Road collapse", CHENGGUAN, 4),
        normal("0203", "人行道板破损", "Broken paving slabs", CHENGGUAN, 5),
        normal("0204", "盲道", "Tactile paving for the blind", CHENGGUAN, 10),
        normal("0205", "护栏", "Road railing", CHENGGUAN, 3),
        urgent("0206", "交通信号灯", "Traffic light", TRAFFIC_POLICE, 4),
        normal("0207", "交通标志牌", "Traffic sign", TRAFFIC_POLICE, 5),
        normal("0208", "道路隔离墩", "Bollards and road barriers", CHENGGUAN, 5),
        normal("0209", "公交站亭", "Bus shelter", "department:区交通运输局", 5),
        normal("0210", "非机动车停放设施", "Bicycle parking racks", "street", 5),
    )),
    LargeClass("03", "市容环境", "Cityscape and sanitation facilities", "component", (
        normal("0301", "公共厕所", "Public toilet", CHENGGUAN, 2),
        normal("0302", "果皮箱", "Litter bin", CHENGGUAN, 3),
        normal("0303", "垃圾分类投放点", "Sorted-waste collection point", "community", 3),
        normal("0304", "垃圾楼（站）", "Refuse transfer station", CHENGGUAN, 3),
        normal("0305", "户外广告设施", "Billboard structure", ENFORCEMENT, 5),
        normal("0306", "门头牌匾", "Shop sign", "street", 5),
    )),
    LargeClass("04", "园林绿化", "Landscaping and greenery", "component", (
        urgent("0401", "行道树倒伏", "Fallen street tree", GREENERY, 4),
        normal("0402", "行道树缺株死株", "Missing or dead street tree", GREENERY, 10),
        normal("0403", "树木遮挡修剪", "Trees to prune (blocking light or lines)", GREENERY, 10),
        normal("0404", "公共绿地", "Public green space", GREENERY, 5),
        normal("0405", "花坛花箱", "Flower bed or planter", GREENERY, 5),
        normal("0406", "护树设施", "Tree guard", GREENERY, 5),
    )),
    LargeClass("05", "房屋土地", "Buildings and land", "component", (
        urgent("0501", "外立面脱落隐患", "Facade at risk of falling", HOUSING, 4),
        normal("0502", "危旧房屋", "Dilapidated building", HOUSING, 10),
        normal("0503", "空调外机支架锈蚀", "Rusted air-conditioner bracket", "property", 5),
        normal("0504", "闲置空地", "Vacant lot", "street", 10),
    )),
    LargeClass("06", "其他设施", "Other facilities", "component", (
        normal("0601", "健身器材", "Outdoor fitness equipment", "community", 5),
        normal("0602", "电动自行车充电桩", "E-bike charging post", "property", 3),
        urgent("0603", "电梯故障", "Lift out of order", "property", 2, verify_hours=4),
        normal("0604", "二次供水设施", "Building water tank and pumps", "property", 3),
        normal("0605", "小区门禁", "Estate gate and access control", "property", 3),
        normal("0606", "公共视频监控", "Public CCTV camera", POLICE, 5),
    )),
    # --- 管理事件 (events) -----------------------------------------------------------------
    LargeClass("11", "市容环境", "Cityscape and sanitation", "event", (
        normal("1101", "暴露垃圾", "Garbage piled in the open", "street", 1),
        normal("1102", "垃圾满溢", "Overflowing bins", "street", 1),
        normal("1103", "动物尸体", "Dead animal", "street", 1),
        normal("1104", "道路不洁", "Dirty street surface", "street", 1),
        normal("1105", "积存建筑垃圾", "Dumped construction waste", ENFORCEMENT, 3),
        normal("1106", "乱涂乱画", "Graffiti", "street", 3),
        normal("1107", "露天焚烧", "Open burning", ECOLOGY, 1),
        normal("1108", "沿街晾挂", "Laundry hung along the street", "community", 2),
    )),
    LargeClass("12", "宣传广告", "Advertising", "event", (
        normal("1201", "非法小广告", "Illegal flyers and stickers", "street", 2),
        normal("1202", "违规户外广告", "Unlicensed outdoor advertising", ENFORCEMENT, 5),
        normal("1203", "违规悬挂横幅", "Unauthorized banner", "street", 2),
        normal("1204", "散发广告", "Leaflet distribution in the street", "street", 1),
    )),
    LargeClass("13", "施工管理", "Construction", "event", (
        normal("1301", "违法建设", "Illegal construction (违法建设)", ENFORCEMENT, 15),
        normal("1302", "施工扬尘", "Construction dust", HOUSING, 2),
        normal("1303", "施工占道", "Construction occupying the road", ENFORCEMENT, 3),
        normal("1304", "道路私挖乱掘", "Unauthorized road excavation", CHENGGUAN, 3),
        normal("1305", "渣土车遗撒", "Spillage from muck trucks", ENFORCEMENT, 1),
    )),
    LargeClass("14", "突发事件", "Emergencies", "event", (
        urgent("1401", "供水管道破裂", "Burst water main", WATER_CO, 4),
        urgent("1402", "燃气泄漏", "Gas leak", GAS_CO, 1, verify_hours=1),
        urgent("1403", "道路积水", "Flooded road", WATER_AFFAIRS, 4),
        urgent("1404", "路面油污", "Oil spill on the road", CHENGGUAN, 4),
        urgent("1405", "架空线缆坠落", "Fallen overhead cable", POWER_CO, 2),
    )),
    LargeClass("15", "街面秩序", "Street order", "event", (
        normal("1501", "无照游商", "Unlicensed street vending", "street", 1),
        normal("1502", "店外经营", "Business spilling onto the pavement", "street", 1),
        normal("1503", "占道经营", "Occupying the road for business", "street", 1),
        normal("1504", "露天烧烤", "Open-air barbecue", "street", 1),
        normal("1505", "共享单车乱停放", "Shared bikes parked in disorder", "street", 1),
        normal("1506", "机动车违停占用人行道", "Cars parked on the pavement", TRAFFIC_POLICE, 1),
        normal("1507", "僵尸车", "Abandoned vehicle", TRAFFIC_POLICE, 10),
        normal("1508", "占道堆物", "Goods piled on the road", "street", 2),
    )),
    LargeClass("16", "安全隐患", "Safety hazards", "event", (
        urgent("1601", "飞线充电", "Flying wires charging e-bikes (飞线充电)", "community", 4),
        urgent("1602", "电动车进楼入户", "E-bikes parked or charged indoors", "community", 7),
        urgent("1603", "消防通道堵塞", "Fire lane blocked", "property", 2),
        normal("1604", "楼道堆物", "Waste and clutter in corridors", "community", 3),
        urgent("1605", "高空坠物隐患", "Objects at risk of falling from height", "property", 4),
        normal("1606", "燃气使用隐患", "Unsafe gas use", GAS_CO, 2),
        normal("1607", "群租房", "Overcrowded rental flat", "community", 10),
        urgent("1608", "危险化学品违规存放", "Hazardous chemicals stored unsafely",
               "department:区应急管理局", 4),
    )),
    LargeClass("17", "噪声扰民", "Noise", "event", (
        urgent("1701", "夜间施工噪声", "Construction noise at night", ENFORCEMENT, 2, on_site=False),
        normal("1702", "社会生活噪声", "Social noise (square dancing, loudspeakers)", "community", 2,
               on_site=False),
        normal("1703", "商业经营噪声", "Noise from shops and restaurants", ENFORCEMENT, 3,
               on_site=False),
        normal("1704", "室内装修噪声", "Home renovation noise", "property", 1, on_site=False),
        normal("1705", "工业噪声", "Industrial noise", ECOLOGY, 5, on_site=False),
    )),
    LargeClass("18", "矛盾纠纷", "Disputes", "event", (
        normal("1801", "邻里纠纷", "Neighbour dispute", "community", 5, verify_days=2,
               on_site=False),
        normal("1802", "漏水渗水纠纷", "Leak between flats", "community", 5, verify_days=2),
        normal("1803", "家庭纠纷", "Family dispute", "community", 5, verify_days=2, on_site=False),
        normal("1804", "停车纠纷", "Parking dispute in the estate", "property", 3, on_site=False),
        normal("1805", "宠物扰民", "Pets disturbing neighbours", "community", 3, on_site=False),
        normal("1806", "拖欠农民工工资", "Unpaid migrant workers' wages",
               "department:区人力资源和社会保障局", 10, verify_days=2, on_site=False),
    )),
    LargeClass("19", "民生服务", "People at risk and property services", "event", (
        urgent("1901", "独居老人异常", "Elderly person living alone at risk", "community", 2),
        normal("1902", "困难群众救助", "Household in hardship needs help", "community", 5),
        normal("1903", "物业管理纠纷", "Property management dispute", "street", 10, verify_days=2,
               on_site=False),
        normal("1904", "物业服务不到位", "Property services not delivered", "property", 5),
        normal("1905", "小区公共设施损坏", "Damaged shared facilities in the estate", "property", 5),
        normal("1906", "无物业小区管理", "Estate without a property company", "street", 15),
        urgent("1907", "冬季供暖不热", "No heating in winter", HEAT_CO, 7),
    )),
)
# fmt: on

SMALL_CLASSES: tuple[SmallClass, ...] = tuple(small for large in TREE for small in large.small)
