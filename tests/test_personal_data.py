"""Personal data found inside text, however it is written, and reported masked."""

from __future__ import annotations

import pytest

from generator.model.personal_data import personal_data_in

FOUND = {
    "13812345678": [("phone", "138******78")],
    "张三13812345678": [("phone", "138******78")],
    "138 1234 5678": [("phone", "138******78")],
    "138-1234-5678": [("phone", "138******78")],
    "+86 138 1234 5678": [("phone", "861********78")],
    "（+86）13812345678": [("phone", "861********78")],
    "0086 13812345678": [("phone", "008**********78")],
    "１３８１２３４５６７８": [("phone", "138******78")],  # full-width digits
    "座机 010-12345678": [("phone", "010******78")],
    "11010519491231002X": [("id", "110*************2X")],
    "王五 110105 19491231 002x": [("id", "110*************2X")],
    "110105491231002": [("id", "110**********02")],
    "卡号 6222 0212 3456 7890 128": [("card", "622**************28")],
    "写信给 zhang.san@example.com 即可": [("email", "z********@example.com")],
    "zhangsan＠example.com": [("email", "z*******@example.com")],
    "工号 A1001": [("staff", "A1*01")],
    "员工编号：20231234": [("staff", "202***34")],
    "staff no. KF-0023": [("staff", "KF**23")],
    "张三 13812345678，李四 li@example.com": [("phone", "138******78"), ("email", "l*@example.com")],
}
NOT_PERSONAL = ["热线一组", "FCR", "0.71", "1180", "2026-12-07", "平均处理时长 930 秒", "400-820-8820", "95588",
                "订单号 202612070001234567", "运单 SF1234567890123", "6222021234567890", "第 12345678 号"]


@pytest.mark.parametrize("text", FOUND)
def test_found_and_masked(text):
    assert [(found.kind, found.shown) for found in personal_data_in(text, staff_numbers=True)] == FOUND[text]


def test_a_staff_number_counts_only_where_no_one_may_be_named():
    assert personal_data_in("您好，工号 2107 为您服务") == []  # a call: the agent's greeting
    assert [found.kind for found in personal_data_in("工号 2107", staff_numbers=True)] == ["staff"]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_figures_dates_and_service_numbers_are_not_personal(text):
    assert personal_data_in(text, staff_numbers=True) == []
