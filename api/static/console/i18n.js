// The console's words, Chinese first; English when the reader switches (kept in localStorage).
const WORDS = {
  zh: {
    title: "排污许可监管图谱", search: "搜索", searchHint: "单位名称、统一社会信用代码、许可证编号、污染源编码或排放口编码",
    dashboard: "统计看板", disclosures: "信息公开", graphiql: "GraphQL", lang: "English", key: "登录密钥", logout: "退出",
    role: "身份", public: "公众", analyst: "分析员", inspector: "执法人员", admin: "管理员",
    noResults: "没有找到结果", loading: "加载中…", notFound: "未找到", error: "出错了", locked: "需要更高权限查看",
    enterprise: "排污单位", site: "厂区", permit: "排污许可证", outlet: "排放口", device: "数采仪", finding: "问题",
    identity: "基本信息", uscc: "统一社会信用代码", name: "名称", address: "地址", region: "行政区划", industry: "行业",
    managementClass: "管理类别", coordinates: "经纬度", sites: "厂区", permits: "许可证", history: "变更记录",
    productionFacilities: "生产设施", treatmentFacilities: "治污设施", outlets: "排放口", findings: "问题",
    violations: "违法行为", penalties: "行政处罚", inspections: "执法检查", reminders: "到期提醒",
    number: "编号", status: "状态", validFrom: "有效期起", validTo: "有效期止", authority: "机关", code: "编码",
    medium: "介质", kind: "类型", date: "日期", type: "类型", article: "条款", amount: "金额(元)",
    severity: "严重程度", rule: "规则", message: "说明", stage: "处理阶段", openedOn: "发现日期",
    actBy: "办理期限", overdue: "已逾期", labels: "打印二维码标签", chain: "生产设施—治污设施—排放口",
    limits: "许可排放限值", pollutant: "污染物", upper: "上限", lower: "下限", unit: "单位", basis: "均值类型",
    monitoring: "监测数据与限值", exceedances: "超标记录", value: "监测值", limit: "限值", compliant: "是否达标",
    yes: "达标", no: "超标", none: "无", window: "时段", lastYear: "最近12个月", permitView: "一证式",
    holder: "持证单位", eia: "环评批复", reports: "执行报告", period: "期间", actual: "实际排放量(t)",
    permitted: "许可排放量(t)", evidence: "证据", measured: "实测", events: "处理记录", by: "经办人", reason: "原因",
    byRegion: "按地区违法行为", byMonth: "按月超标", byClass: "按管理类别核发许可证", byRule: "问题按规则", byRegionPeriod: "违法行为：地区 × 季度",
    topPenalties: "罚款最多的单位", map: "单位分布(按是否有未关闭问题着色)", withFindings: "有未关闭问题",
    withoutFindings: "无未关闭问题", count: "数量", allRegions: "全部地区", from: "起", to: "止", apply: "查询",
    export: "导出", list: "名单", published: "公开时间", what: "违法事实", noData: "暂无数据",
    unpermitted: "无证排污", not_per_permit: "不按证排污", no_automatic_monitoring: "不依法安装使用自动监测设备",
    late_report: "不按时提交执行报告", scanHint: "扫码查看排放口公开信息", truncated: "点过多，仅显示部分",
    lon: "经度", lat: "纬度", approvedOn: "批复日期", project: "项目", detected: "已发现",
    origin: "限值来源", standard: "执行标准", destination: "排放去向", localCode: "地方编码", capacity: "产能",
    technology: "治理工艺",
  },
  en: {
    title: "Discharge-permit graph", search: "Search", searchHint: "Name, USCC, permit number, source or outlet code",
    dashboard: "Dashboard", disclosures: "Disclosure lists", graphiql: "GraphQL", lang: "中文", key: "API key",
    logout: "Sign out", role: "Role", public: "public", analyst: "analyst", inspector: "inspector", admin: "admin",
    noResults: "Nothing found", loading: "Loading…", notFound: "Not found", error: "Something went wrong",
    locked: "Your role may not see this", enterprise: "Enterprise", site: "Site", permit: "Permit", outlet: "Outlet", device: "Data-acquisition device",
    finding: "Finding", identity: "Identity", uscc: "USCC", name: "Name", address: "Address", region: "Region",
    industry: "Industry", managementClass: "Management class", coordinates: "Coordinates", sites: "Sites",
    permits: "Permits", history: "History", productionFacilities: "Production facilities",
    treatmentFacilities: "Treatment facilities", outlets: "Outlets", findings: "Findings", violations: "Violations",
    penalties: "Penalties", inspections: "Inspections", reminders: "Reminders", number: "Number", status: "Status",
    validFrom: "Valid from", validTo: "Valid to", authority: "Authority", code: "Code", medium: "Medium", kind: "Kind",
    date: "Date", type: "Type", article: "Article", amount: "Amount (yuan)", severity: "Severity", rule: "Rule",
    message: "Message", stage: "Stage", openedOn: "Found on", actBy: "Act by", overdue: "overdue",
    labels: "Print QR labels", chain: "Production → treatment → outlet", limits: "Permitted limits",
    pollutant: "Pollutant", upper: "Upper", lower: "Lower", unit: "Unit", basis: "Basis",
    monitoring: "Monitoring against limits", exceedances: "Exceedances", value: "Value", limit: "Limit",
    compliant: "Compliant", yes: "yes", no: "no", none: "none", window: "Window", lastYear: "last 12 months",
    permitView: "One-permit view", holder: "Holder", eia: "EIA approvals", reports: "Execution reports",
    period: "Period", actual: "Actual (t)", permitted: "Permitted (t)", evidence: "Evidence", measured: "Measured",
    events: "History", by: "By", reason: "Reason", byRegion: "Violations by region", byMonth: "Exceedances by month",
    byClass: "Permits issued by class", byRule: "Findings by rule", byRegionPeriod: "Violations: region × quarter", topPenalties: "Largest fines",
    map: "Enterprises (coloured by open findings)", withFindings: "with open findings",
    withoutFindings: "no open findings", count: "Count", allRegions: "All regions", from: "From", to: "To",
    apply: "Apply", export: "Export", list: "List", published: "Published", what: "What", noData: "No data",
    unpermitted: "Discharging without a permit", not_per_permit: "Not per permit",
    no_automatic_monitoring: "No automatic monitoring", late_report: "Late execution reports",
    scanHint: "Scan for the outlet's public page", truncated: "Too many points: some are not shown",
    lon: "Longitude", lat: "Latitude", approvedOn: "Approved on", project: "Project", detected: "detected",
    origin: "Set by", standard: "Standard", destination: "Destination", localCode: "Local code",
    capacity: "Capacity", technology: "Technology",
  },
};

export function lang() {
  return localStorage.getItem("permitgraph.lang") === "en" ? "en" : "zh";
}

export function setLang(value) {
  localStorage.setItem("permitgraph.lang", value);
}

export function t(word) {
  return WORDS[lang()][word] ?? WORDS.zh[word] ?? word;
}
