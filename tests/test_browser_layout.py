"""Every page type as agents see it, on a desktop (1366 × 900) and a phone (390 × 844): nothing wider than the
screen, no table cell narrower than the longest word in it, 44 px touch targets on the phone, and on a
course page the lesson starts within the first screen."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_PAGE_TYPES

pytestmark = pytest.mark.browser

SIZES = {"desktop": (1366, 900), "phone": (390, 844)}
PAGES = {**SAMPLE_PAGE_TYPES, "updates": "updates/", "stale course": "courses/foundation/company-culture/"}

# A cell narrower than a word in it breaks the word over lines (新/人/基/础/层): each word (Intl.Segmenter, which
# knows Chinese words) must sit on one line, and nothing may stick out of its cell.
NARROW_CELLS = """() => {
  const segmenter = new Intl.Segmenter("zh", {granularity: "word"});
  const problems = [];
  for (const cell of document.querySelectorAll("article td, article th")) {
    if (!cell.offsetParent || cell.closest(".training-diagram")) continue;
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const seen = new Set();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const nowrap = parent.closest(".training-chip") || getComputedStyle(parent).whiteSpace === "nowrap";
      const words = nowrap ? [node.textContent.trim()]
        : [...segmenter.segment(node.textContent)].filter(s => s.isWordLike).map(s => s.segment);
      for (const word of words) {
        if (!word || seen.has(word)) continue;
        seen.add(word);
        const probe = document.createElement("span");  // the word in the cell's own font, on one line
        probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap";
        probe.textContent = word;
        parent.appendChild(probe);
        const width = probe.getBoundingClientRect().width;
        probe.remove();
        if (width > inner + 1) problems.push(`${cell.tagName} “${word}”: ${Math.round(width)} > ${Math.round(inner)}`);
      }
    }
  }
  return problems;
}"""

SMALL_TARGETS = """() => {
  const targets = document.querySelectorAll(
    "article button, article .md-button, article select, article input[type=text], article .training-q__option, " +
    "article summary, article .training-glossary__index a");
  return [...targets].filter(el => el.offsetParent && getComputedStyle(el).visibility !== "hidden").map(el => {
    const box = el.getBoundingClientRect();
    return [el.className || el.tagName, Math.round(box.width), Math.round(box.height)];
  }).filter(([, width, height]) => width < 44 || height < 44);
}"""


@pytest.fixture(scope="module")
def contexts(browser):
    made = {name: browser.new_context(viewport={"width": w, "height": h}) for name, (w, h) in SIZES.items()}
    yield made
    for context in made.values():
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_fits_the_screen(contexts, sample_server, name, size):
    page = contexts[size].new_page()
    try:
        page.goto(sample_server + PAGES[name] + ("?seed=1" if "quiz" in name else ""), wait_until="load")
        page.wait_for_timeout(200)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} at {size}: {overflow}px wider than the screen"
        assert page.evaluate(NARROW_CELLS) == []
        if size == "phone":
            assert page.evaluate(SMALL_TARGETS) == [], name
    finally:
        page.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_quiz_after_submitting_fits_and_keeps_targets(contexts, sample_server, size):
    page = contexts[size].new_page()
    try:
        page.goto(sample_server + PAGES["course"] + "?seed=3")
        page.get_by_role("button", name="提交答案").click()
        page.wait_for_selector(".training-quiz__result")
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 1
        if size == "phone":
            assert page.evaluate(SMALL_TARGETS) == []
    finally:
        page.close()


def test_the_lesson_starts_on_the_first_screen_of_a_desktop(contexts, sample_server):
    page = contexts["desktop"].new_page()
    try:
        for course in ("courses/advanced/complaint-deescalation/", "courses/foundation/company-culture/"):
            page.goto(sample_server + course)
            top = page.evaluate("""() => {
                const card = document.querySelector("article aside.training-card");
                let next = card.nextElementSibling;
                while (next && next.tagName !== "P") next = next.nextElementSibling;
                return next.getBoundingClientRect().top; }""")
            assert top < 900 - 40, f"{course}: the lesson starts at {top}px"
    finally:
        page.close()


def test_catalog_filters_to_nothing_cleanly_and_prints_without_the_form(contexts, sample_server):
    page = contexts["phone"].new_page()
    try:
        page.goto(sample_server + "catalog/?tier=expert&audience=new-hire")
        count = page.locator("[data-training-count]")
        assert count.inner_text() == "显示 0 / 29 项（课程与情景模拟）。"
        assert page.locator(".training-catalog__wrap").is_hidden() and page.locator("[data-training-empty]").is_visible()
        assert page.locator("text=共 21 门课程").count() == 0
        page.goto(sample_server + "catalog/")
        assert count.inner_text() == "共 21 门课程、8 个情景模拟。"
        tags = page.eval_on_selector_all("select[name=tags] option", "options => options.map(o => o.textContent)")[1:]
        from generator.search.pinyin import sort_key
        assert tags == sorted(tags, key=sort_key)  # in pinyin order
        page.emulate_media(media="print")
        assert page.locator("[data-training-filter]").is_hidden()
    finally:
        page.close()


def test_ordering_items_keep_their_buttons_on_their_row_on_a_phone(contexts, sample_server):
    page = contexts["phone"].new_page()
    try:
        page.goto(sample_server + "courses/foundation/complaint-basics/?seed=1")
        rows = page.evaluate("""() => [...document.querySelectorAll(".training-q__order > li")].map(li => {
            const [text, up, down] = [li.querySelector(".training-q__text"), ...li.querySelectorAll("button")]
              .map(el => el.getBoundingClientRect());
            return {height: li.getBoundingClientRect().height, text, up, down}; })""")
        assert rows
        for row in rows:
            assert row["up"]["top"] == row["down"]["top"] and row["up"]["left"] > row["text"]["right"] - 1
            assert row["height"] < 2 * row["up"]["height"]  # one row, not two
            assert min(row["up"]["width"], row["up"]["height"]) >= 44
    finally:
        page.close()


def test_a_table_wider_than_the_phone_shows_that_it_scrolls(contexts, sample_server, tmp_path):
    """A shadow on the side with more table: on the right at first, on the left once scrolled to the end."""
    from PIL import Image

    page = contexts["phone"].new_page()
    try:
        page.goto(sample_server + "courses/advanced/escalation-matrix/")
        wrap = page.locator(".md-typeset__scrollwrap").filter(has=page.locator("table")).first
        assert wrap.evaluate("w => w.scrollWidth - w.clientWidth") > 40

        def edges() -> tuple[int, int]:
            wrap.screenshot(path=str(tmp_path / "wrap.png"))
            image = Image.open(tmp_path / "wrap.png").convert("L")
            middle = image.height // 2

            def darkest(xs: range) -> int:
                return min(image.getpixel((x, y)) for x in xs for y in range(middle - 20, middle + 20))

            return darkest(range(0, 3)), darkest(range(image.width - 3, image.width))

        left, right = edges()
        assert right < 235 and left > 245, (left, right)
        wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
        left, right = edges()
        assert left < 235 and right > 245, (left, right)
    finally:
        page.close()


def test_a_long_cohort_schedule_reads_week_by_week_with_past_weeks_folded(contexts, sample_server):
    page = contexts["phone"].new_page()
    try:
        page.goto(sample_server + "cohorts/new-hire-2026-12/?today=2026-12-16")
        page.wait_for_selector("[data-training-now]:not([hidden])")
        weeks = page.evaluate("""() => [...document.querySelectorAll("[data-training-week]")].map(d =>
            [d.open, d.querySelector("summary").innerText, d.querySelector("summary").getBoundingClientRect().height])""")
        assert [open_ for open_, _, _ in weeks] == [False, True, True, True, True]
        assert weeks[0][1] == "第 1 周 · 12-07 至 12-11（12 场）" and all(height >= 44 for _, _, height in weeks)
        assert page.locator("[data-training-mark]").all_inner_texts().count("今天 · 下一场") == 1  # one next, all weeks
        page.locator("[data-training-week] > summary").first.click()
        assert page.evaluate("document.querySelector('[data-training-week]').open")
        page.goto(sample_server + "cohorts/new-hire-2026-12/?today=2027-03-01")  # all over: every week open to read
        page.wait_for_selector("[data-training-now]:not([hidden])")
        assert page.evaluate("[...document.querySelectorAll('[data-training-week]')].every(d => d.open)")
    finally:
        page.close()


def test_the_desktop_sidebar_title_hides_what_scrolls_under_it(contexts, sample_server, tmp_path):
    from PIL import Image

    page = contexts["desktop"].new_page()
    try:
        page.goto(sample_server + PAGES["course"])
        page.evaluate("document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap').scrollTop = 0")
        page.wait_for_timeout(50)
        first = page.locator(".md-sidebar--primary a.md-nav__link", has_text="首页").first
        box = first.bounding_box()
        for part in (0, 1):  # the top and the bottom half of 首页 both show ink: nothing lies over it at rest
            page.screenshot(path=str(tmp_path / "first.png"), clip={**box, "y": box["y"] + part * box["height"] / 2,
                                                                     "height": box["height"] / 2})
            assert min(Image.open(tmp_path / "first.png").convert("L").get_flattened_data()) < 120, part
        for offset in (60, 95, 130):  # items half under the title at some of these
            box = page.evaluate(f"""() => {{
                const wrap = document.querySelector(".md-sidebar--primary .md-sidebar__scrollwrap");
                wrap.scrollTop = {offset};
                const r = document.querySelector(".md-sidebar--primary .md-nav--primary > .md-nav__title").getBoundingClientRect();
                return {{x: r.left, y: r.bottom, width: r.width}}; }}""")
            page.wait_for_timeout(50)
            page.screenshot(path=str(tmp_path / "strip.png"), clip={**box, "height": 6})
            strip = Image.open(tmp_path / "strip.png").convert("L")
            assert min(strip.get_flattened_data()) > 200, offset  # no text right under the title
    finally:
        page.close()
