"""Printing from the browser: Chromium's own PDF of a page, read back with poppler."""

from __future__ import annotations

import pytest

import pdf_tools
from network_watch import NetworkWatch

pytestmark = pytest.mark.browser

COURSE = "courses/advanced/complaint-deescalation/"


def print_page(page, url: str, target):
    network = NetworkWatch(page)
    page.goto(url)
    network.wait_until_quiet()
    page.pdf(path=str(target), format="A4")
    return pdf_tools.pages(target)


def test_course_prints_without_chrome_with_address_and_review_date(page, sample_server, tmp_path):
    printed = print_page(page, sample_server + COURSE, tmp_path / "course.pdf")
    assert len(printed) >= 2
    for number, text in enumerate(printed, start=1):
        flat = text.replace("\n", "")
        assert f"页面地址:{sample_server}{COURSE} · 复核日期:2026-09-18" in flat, number
        assert flat.replace(" ", "").endswith(f"{number}/{len(printed)}")
    everything = "".join(printed)
    for absent in ("胜任力矩阵", "编写指南", "提交答案", "标记为已完成", "查看答案与解析", "正确答案"):
        assert absent not in everything, absent  # navigation, quiz controls, answers
    assert "客户情绪安抚自测" in everything  # the self-check is printed, its questions without answers


def test_other_pages_print_their_address_without_a_review_date(page, sample_server, tmp_path):
    printed = print_page(page, sample_server + "catalog/", tmp_path / "catalog.pdf")
    flat = printed[0].replace("\n", "")
    assert f"页面地址:{sample_server}catalog/" in flat and "复核日期" not in flat
    home = "".join(print_page(page, sample_server, tmp_path / "home.pdf"))
    assert "导出学习进度" not in home and "我的学习" not in home
