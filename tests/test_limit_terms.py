"""What a permit's limit table says beside the limit itself: noise limits by day and night with their background
levels, seasonal limits (采暖季), and how each item is monitored (手工/自动) — which makes its outlet automatically
monitored. Judged on a real graph: each limit judges only the values of its period."""

from __future__ import annotations

from pathlib import Path

from graph.db import Database
from loaders.load import load
from tests.conftest import q

U = "91130207123456788D"
P = f"{U}001P"
FILES = {
    "enterprises.csv": f"uscc,name,region_code,management_class\n{U},唐山丰南热电有限公司,130207,key\n",
    "outlets.csv": "enterprise_uscc,code,name,medium,kind,auto_monitored\n"
    f"{U},DA001,锅炉烟囱,air,main,\n{U},DW001,总排口,water,main,\n{U},ZS001,东厂界,noise,boundary,\n",
    "permits.csv": "number,enterprise_uscc,management_class,authority,issued_on,valid_from,valid_to,status\n"
    f"{P},{U},key,唐山市生态环境局,2023-06-20,2023-07-01,2028-06-30,valid\n",
    "permit_limits.csv": "permit_number,outlet_code,pollutant_code,concentration_max,unit,basis,method,period,"
    "background\n"
    f"{P},DA001,a21026,50,mg/m3,daily,手工,heating,\n"
    f"{P},DA001,a21026,100,mg/m3,daily,手工,non_heating,\n"
    f"{P},DW001,w01018,50,mg/L,daily,自动,,\n"
    f"{P},ZS001,Leq,65,dB(A),daily,手工,day,52.3\n"
    f"{P},ZS001,Leq,55,dB(A),daily,手工,night,48.1\n",
    "monitoring.csv": "enterprise_uscc,outlet_code,pollutant_code,date,value,unit,basis,method\n"
    f"{U},DA001,a21026,2024-01-10,80,mg/m3,daily,manual\n"  # over the heating season's 50
    f"{U},DA001,a21026,2024-07-10,80,mg/m3,daily,manual\n"  # under the rest of the year's 100
    f"{U},DA001,a21026,2024-03-16,120,mg/m3,daily,manual\n"  # over 100, the day after the season
    f"{U},ZS001,Ln,2024-05-06,58,dB(A),daily,manual\n"  # over the night's 55
    f"{U},ZS001,Ld,2024-05-06,58,dB(A),daily,manual\n",  # under the day's 65
}


def test_each_limit_judges_its_own_period_and_an_automatic_item_marks_its_outlet(
    empty_db: Database, tmp_path: Path
) -> None:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    load(empty_db, tmp_path)
    limits = q(
        empty_db,
        "MATCH (l:PermitLimit) RETURN l.key AS key, l.period AS period, l.method AS method, "
        "l.background AS background ORDER BY key",
    )
    assert limits == [
        {"key": f"{P}:DA001:a21026:daily@heating", "period": "heating", "method": "manual", "background": None},
        {"key": f"{P}:DA001:a21026:daily@non_heating", "period": "non_heating", "method": "manual", "background": None},
        {"key": f"{P}:DW001:w01018:daily", "period": None, "method": "auto", "background": None},
        # 等效声级 by day is Ld, by night Ln: the levels a boundary point reports
        {"key": f"{P}:ZS001:Ld:daily@day", "period": "day", "method": "manual", "background": 52.3},
        {"key": f"{P}:ZS001:Ln:daily@night", "period": "night", "method": "manual", "background": 48.1},
    ]
    automatic = q(empty_db, "MATCH (o:Outlet) RETURN o.code AS code, o.auto_monitored AS auto ORDER BY code")
    assert automatic == [
        {"code": "DA001", "auto": False},
        {"code": "DW001", "auto": True},  # its outlet row leaves the column empty; its COD item says 自动
        {"code": "ZS001", "auto": False},
    ]
    found = q(
        empty_db,
        "MATCH (x:Exceedance) RETURN x.outlet_key AS outlet, x.pollutant AS p, toString(x.date) AS day, "
        "x.value AS value, x.limit AS limit ORDER BY outlet, p, day",
    )
    assert found == [
        {"outlet": f"{U}:DA001", "p": "a21026", "day": "2024-01-10", "value": 80.0, "limit": 50.0},
        {"outlet": f"{U}:DA001", "p": "a21026", "day": "2024-03-16", "value": 120.0, "limit": 100.0},
        {"outlet": f"{U}:ZS001", "p": "Ln", "day": "2024-05-06", "value": 58.0, "limit": 55.0},
    ]
