"""Every message trainers and operators read, under a stable code, in Simplified Chinese (the default) and
English (`--lang en`, the plugin option `language: en`, or TRAINING_LANG=en).

Codes never change meaning: tests, CI annotations and trainers' notes refer to them. A message names what
was expected; the caller adds the file, line and field.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("zh", "en")
_language = os.environ.get("TRAINING_LANG", "zh") if os.environ.get("TRAINING_LANG") in LANGUAGES else "zh"


def set_language(language: str) -> None:
    global _language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    _language = language


def language() -> str:
    return _language


@dataclass(frozen=True)
class Message:
    code: str
    zh: str
    en: str


_MESSAGES = (
    # --- files (F) ---------------------------------------------------------------------------------------
    Message("F101", "符号链接指向仓库以外（{target}）；内容只能是仓库内的普通文件",
            "symbolic link to a path outside the repository ({target}); content must be a regular file inside the repository"),
    Message("F102", "符号链接指向 git 的内部文件（{target}）；内容只能是仓库内的普通文件",
            "symbolic link to git's own files ({target}); content must be a regular file inside the repository"),
    Message("F103", "符号链接指向构建输出（{target}）；内容只能是仓库内的普通文件",
            "symbolic link to generated output ({target}); content must be a regular file inside the repository"),
    Message("F104", "符号链接已损坏或循环指向自身；请删除它，或让它指向仓库内的文件",
            "broken or looping symbolic link; remove it or point it at a file inside the repository"),
    Message("F105", "符号链接循环：这个文件夹链接回包含它的文件夹",
            "symbolic link loop: this folder links back to a folder that contains it"),
    Message("F106", "无法读取（{reason}）", "cannot read ({reason})"),
    Message("F107", "不是普通文件（设备、管道或套接字）；请删除", "not a regular file (a device, pipe or socket); remove it"),
    Message("F108", "符号链接指向考试题库（{target}）；考试题目永不发布",
            "symbolic link onto an exam bank ({target}); exam questions are never published"),
    Message("F109", "“{suffix}”文件会被原样发布，并能在学员的浏览器里运行脚本；请改用 Markdown 编写页面，或在门户以外提供这个文件",
            "'{suffix}' files are published as they are and can run script in readers' browsers; write the page in "
            "Markdown, or link the file from outside the portal"),
    Message("F110", "这个 SVG {finding}；学员打开图片时浏览器会执行或加载它",
            "this SVG {finding}; readers' browsers would run or fetch it when the image is opened"),
    Message("F111", "文件大小 {size} KB，超过内容文件允许的 {limit} KB（插件选项 max_file_kb）；请拆分",
            "the file is {size} KB, more than the {limit} KB a content file may have (plugin option max_file_kb); split it"),
    Message("F112", "不是 UTF-8 编码的文本{hint}；请另存为 UTF-8", "not UTF-8 text{hint}; save the file as UTF-8"),
    Message("F113", "（看起来是 {encoding} 编码：请在编辑器中另存为 UTF-8，或运行 iconv -f {encoding} -t UTF-8）",
            " (it looks like {encoding}: in the editor save it with the encoding UTF-8, or run iconv -f {encoding} -t UTF-8)"),
    Message("F114", "与 {other} 只有大小写不同（在 Windows 和 macOS 上它们是同一个文件）；请重命名其中一个",
            "differs from {other} only in upper and lower case; rename one of them"),
    Message("F115", "与 {other} 的网址相同（/{url}）；请重命名或移动其中一个",
            "has the same address /{url} as {other}; rename or move one of them"),
    Message("F116", "这个网址留给生成的页面“{title}”；请重命名或移动这个文件",
            "this address is reserved for the generated page “{title}”; rename or move the file"),
    # --- YAML and Markdown (Y) ---------------------------------------------------------------------------
    Message("Y201", "YAML 语法错误：{problem}", "invalid YAML: {problem}"),
    Message("Y202", "不能使用 YAML 锚点和别名（&名称、*名称、<<: *名称）；请把内容写全",
            "YAML anchors and aliases (&name, *name, <<: *name) are not allowed; write the values out"),
    Message("Y203", "嵌套超过 {limit} 层（上限是插件选项 max_yaml_depth）",
            "nested more than {limit} levels deep (the limit is the plugin option max_yaml_depth)"),
    Message("Y204", "这一行的值无法读取：写法不对或超出了能处理的范围（例如位数过多的数字，或 !!bool、!!timestamp 这样的类型标记配了不相符的值）{problem}",
            "invalid YAML value: {problem}"),
    Message("Y205", "Markdown 的列表、引用或 HTML 块嵌套超过 {limit} 层（上限是插件选项 max_markdown_depth）",
            "Markdown nested more than {limit} levels deep (lists, quotes or blocks; the limit is the plugin option "
            "max_markdown_depth)"),
    Message("Y206", "文件顶层应是“字段: 值”的映射，实际是{found}",
            "expected a mapping of fields at the top, found {found}"),
    Message("Y207", "文件开头应有两行 --- 包住的 YAML 前置元数据",
            "expected YAML front matter between '---' lines at the top of the file"),
    Message("Y208", "前置元数据是空的", "the front matter is empty"),
    Message("Y209", "前置元数据应是“字段: 值”的映射，实际是{found}",
            "expected a mapping of fields in the front matter, found {found}"),
    Message("Y210", "缺少培训模型文件（层级、能力维度、胜任力）", "the training model is missing (tiers, dimensions, competencies)"),
    Message("Y201.other", "请检查这一行和上一行的缩进、冒号和引号（含有冒号、井号或引号的值要加引号）",
            "check the indentation, colons and quotes of this line and the one before"),
    Message("Y211", "这一行有 YAML 不允许的字符 {character}（{name}）；请删除它（常见于从 Word 或网页复制的文字）",
            "this line holds {character} ({name}), which YAML does not allow; remove it (it often comes with text copied "
            "from Word or a web page)"),
    Message("Y212", "字段名后面用了全角冒号“：”；YAML 要用半角冒号加空格，例如“{key}: …”",
            "a full-width colon '：' follows the field name; YAML needs a half-width colon and a space, as in '{key}: …'"),
    Message("Y211.tab", "制表符", "a tab"),
    Message("Y211.vertical-tab", "垂直制表符", "a vertical tab"),
    Message("Y211.form-feed", "换页符", "a form feed"),
    Message("Y211.nul", "空字符", "a NUL character"),
    Message("Y211.control", "控制字符", "a control character"),
    # --- values (V) --------------------------------------------------------------------------------------
    Message("V301", "同一个映射中出现了两次", "appears twice in the same mapping"),
    Message("V302", "应为文字，实际是{found}", "expected text, found {found}"),
    Message("V303", "不能为空", "must not be empty"),
    Message("V304", "应为整数，实际是{found}", "expected a whole number, found {found}"),
    Message("V305", "应为正整数，实际是 {value}", "expected a positive whole number, found {value}"),
    Message("V306", "应为不小于 {minimum} 的整数，实际是 {value}", "expected a whole number of at least {minimum}, found {value}"),
    Message("V307", "应为 0 到 100 之间的百分数，实际是 {value}", "expected a percentage from 0 to 100, found {value}"),
    Message("V308", "应为 true 或 false，实际是{found}", "expected true or false, found {found}"),
    Message("V309", "应为 YYYY-MM-DD 格式的日期，实际是{found}", "expected a date as YYYY-MM-DD, found {found}"),
    Message("V310", "“{text}”不是真实的日期（应为 YYYY-MM-DD）", "'{text}' is not a real date (expected YYYY-MM-DD)"),
    Message("V311", "“{value}”不是有效的 id（只能用小写字母、数字和连字符）",
            "'{value}' is not a valid id (expected lowercase letters, digits and '-')"),
    Message("V312", "应为 id，实际是{found}", "expected an id, found {found}"),
    Message("V313", "应为列表，实际是{found}", "expected a list, found {found}"),
    Message("V314", "至少要有一项，实际是空列表", "expected at least one entry, found an empty list"),
    Message("V315", "应为映射，实际是{found}", "expected a mapping, found {found}"),
    Message("V316", "未知字段{suggestion}（可用的字段：{known}）", "unknown field{suggestion} (expected one of: {known})"),
    Message("V317", "必填字段缺失", "is required but missing"),
    Message("V318", "应为一个“维度 id: 目标文字”，实际是{found}", "expected one 'dimension: objective text' pair, found {found}"),
    Message("V319", "学习目标应为文字，实际是{found}", "expected the objective as text, found {found}"),
    Message("V320", "一个步骤应当只写 course、milestone 或 scenario 中的一个（里程碑可以用 scenario 代替 quiz），实际{found}",
            "expected a step with one of 'course', 'milestone' or 'scenario' (a milestone may name a scenario instead of a quiz), found {found}"),
    Message("V320.both", "写了不止一个", "more than one"),
    Message("V320.neither", "一个都没写", "none"),
    Message("V321", "“{value}”不是题库模式（可用：{known}）", "'{value}' is not a quiz mode (expected one of: {known})"),
    Message("V322", "应为“path: id”“tag: 标签”或“course: id”之一", "expected one of 'path: id', 'tag: name' or 'course: id'"),
    Message("V323", "未知的收录方式{suggestion}（可用：{known}）", "unknown include kind{suggestion} (expected one of: {known})"),
    Message("V324", "应为名称或 id，实际是{found}", "expected a name or id, found {found}"),
    Message("V327", "应在 -{limit} 到 {limit} 之间", "expected a whole number from -{limit} to {limit}"),
    Message("V326", "应写在一行内，不能有换行、制表符或其他控制字符（发现 {character}）",
            "must be one line, without line breaks, tabs or other control characters (found {character})"),
    Message("V325", "应为不大于 {maximum} 的整数，实际是 {value}", "expected a whole number of at most {maximum}, found {value}"),
    # --- references (R) ----------------------------------------------------------------------------------
    Message("R401", "“{value}”不是已定义的{kind}{expected}{suggestion}", "'{value}' is not {kind_en}{expected}{suggestion}"),
    Message("R401.expected", "（可用：{known}）", " (expected one of: {known})"),
    Message("R402", "{kind} id“{value}”重复（已在 {other} 使用）", "duplicate {kind_en} id '{value}' (already used in {other})"),
    Message("R403", "“{word}”已在第 {other} 行作为术语或别名定义", "'{word}' is already defined as a term or alias at line {other}"),
    Message("R404", "课程不能把自己列为先修课程", "a course cannot be its own prerequisite"),
    Message("R405", "“{value}”是考试题库（这里需要自测题库：考试题目永不发布）",
            "'{value}' is an exam bank (expected a self-check bank: exam questions are never published)"),
    Message("R407", "“{value}”不是已定义的{kind}——可能只是因为 {files} 有错误、没有读入；请先修正那个文件",
            "'{value}' is not {kind_en}, perhaps only because {files} could not be read; fix that file first"),
    Message("R406", "先修关系形成循环：{cycle}", "prerequisite cycle: {cycle}"),
    Message("R408", "下面 {count} 个问题由上面的错误引起，修正它之后会一并消失：",
            "the {count} problem(s) below follow from the one above and go away once it is fixed:"),
    Message("R401.where", "（有效的{kind} id 见 {where}）", " (valid ids: see {where})"),
    # --- questions and rubrics (Q) -----------------------------------------------------------------------
    Message("Q501", "“{value}”不是题型（可用：{known}）", "'{value}' is not a question type (expected one of: {known})"),
    Message("Q502", "至少需要 2 个选项，实际有 {count} 个", "expected at least 2 choices, found {count}"),
    Message("Q503", "单选题必须恰好有一个正确选项，实际有 {count} 个",
            "a single-choice question needs exactly one correct choice, found {count}"),
    Message("Q504", "多选题至少需要一个正确选项，实际一个也没有",
            "a multiple-choice question needs at least one correct choice, found none"),
    Message("Q505", "排序题至少需要 2 项，实际只有 1 项", "expected at least 2 items to put in order, found 1"),
    Message("Q506", "应为由两段文字组成的一组 [左, 右]，实际是{found}", "expected a pair [left, right] of two texts, found {found}"),
    Message("Q507", "配对题至少需要 2 组，实际只有 1 组", "expected at least 2 pairs to match, found 1"),
    Message("Q508", "每次抽 {draw} 题，但题库只有 {count} 题", "draws {draw} questions but the bank has only {count}"),
    Message("Q509", "各评分项分值之和是 {points}（{detail}），应为 {total}",
            "the criteria's points add up to {points} ({detail}), expected {total}"),
    # --- governance (G) ----------------------------------------------------------------------------------
    Message("G701", "课程正文自 {base} 以来有改动，但 version 仍是 {version}；如果学员需要复习改动，请改为 version: {next}"
                    "（学习进度按版本记录）",
            "the course text changed since {base} but version is still {version}; set version: {next} if learners "
            "should review the change (their progress is kept per version)"),
    # --- command line (C) ------------------------------------------------------------------------------
    Message("C801", "发现 {count} 个问题；没有构建任何内容。", "{problems} found; nothing was built."),
    Message("C802", "内容检查通过：{courses} 门课程、{paths} 条学习路径、{quizzes} 个题库、{rubrics} 个评分表、{scenarios} 个情景模拟、"
                    "{cohorts} 个培训班、{surveys} 份问卷、{handbooks} 本手册、{terms} 个术语。",
            "Content is valid: {courses_en}, {paths_en}, {quizzes_en}, {rubrics_en}, {scenarios_en}, {cohorts_en}, "
            "{surveys_en}, {handbooks_en}, {terms_en}."),
    Message("C815", "无法写入 {out}：{reason}；请换一个可以写入的文件夹",
            "cannot write to {out}: {reason}; choose a folder you can write to"),
    Message("C816", "应为整数，实际是“{text}”", "expected a whole number, found '{text}'"),
    Message("C817", "至少为 1（正在发布的这一版），实际是 {value}", "must be at least 1 (the release being published), found {value}"),
    Message("C818", "应为天数（整数），实际是“{text}”", "expected a number of days, found '{text}'"),
    Message("C819", "应为 0 到 3650 之间的天数，实际是 {value}", "expected 0 to 3650 days, found {value}"),
    Message("C820", "已中断。", "interrupted."),
    Message("C814", "没有 id 为“{cohort}”的培训班（已有：{known}）", "no cohort '{cohort}' (there are: {known})"),
    Message("C803", "发现 {count} 个问题；没有生成培训师资料包。", "{problems} found; no trainer pack was written."),
    Message("C804", "{file}（{pages} 页）", "{file}  ({pages_en})"),
    Message("C805", "培训师资料包：{count} 个 PDF，位于 {out}", "Trainer pack: {count} PDFs in {out}"),
    Message("C806", "已发布 {name}：{current} -> releases/{name}", "Published {name}: {current} -> releases/{name}"),
    Message("C807", "已回滚：{current} -> releases/{name}", "Rolled back: {current} -> releases/{name}"),
    Message("C808", "未发布：内容检查没有通过，无法检查站点中是否有考试题目",
            "not published: the content does not validate, so the site cannot be checked for exam text"),
    Message("C809", "自 {base} 以来正文有改动的课程都已提高版本号。", "Every course whose text changed since {base} has a higher version."),
    Message("C810", "错误：{message}", "error: {message}"),
    Message("C812", "已修正排版：{file}", "typography fixed: {file}"),
    Message("C813", "提醒：{message}", "note: {message}"),
    Message("C811", "发现 {count} 个问题。", "{problems} found in the content."),
    # --- build (B) ---------------------------------------------------------------------------------------
    Message("B901", "已从页面中删除：该页面{finding}（页面不能运行脚本，也不能从其他网站加载内容）",
            "removed from the page, which {finding} (pages may not run script or load anything from other sites)"),
    Message("B902", "构建出的站点不能发布：", "The built site may not be published:"),
    Message("B903", "构建失败，{target} 保持原样。", "The build failed; {target} was left as it was."),
    Message("B904", "构建中断：{error}", "the build stopped: {error}"),
    Message("B905", "站点已生成到 {target}", "Site published to {target}"),
    Message("B906", "含有考试题目的文字（{source}：“{text}”）；考试题目永不发布——请改写页面或题目",
            "contains the text of an exam question ({source}: “{text}”); exam questions are never published — reword "
            "the page or the question"),
    Message("B907", "加载了不属于门户的脚本：{src}", "loads a script that is not one of the portal's own: {src}"),
    Message("B908", "没有 index.html；请先构建站点（make portal）", "no index.html; build the site first (make portal)"),
    Message("B909", "没有 {manifest}：只有零警告的完整严格构建才能发布（make portal）",
            "no {manifest}: only a complete, strict build without warnings can be published (make portal)"),
    Message("B910", "构建时没有检查内容", "the build did not validate the content"),
    Message("B911", "不是零警告的严格构建，警告可能被忽略了（请用 make portal）",
            "not a strict build without warnings; warnings may have been ignored (use make portal)"),
    Message("B912", "执行了脚本", "runs script"),
    Message("B913", "从其他网站加载资源", "loads a resource from another origin"),
    Message("B914", "嵌入了其他文档", "embeds another document"),
    Message("B915", "搜索条目 {entry} 含有会在搜索结果里变成网页标记的内容：{found}（标题、标签和术语的文字必须转义）",
            "search entry {entry} holds markup that search results would insert into the page: {found} (titles, "
            "tags and terms must be escaped)"),
    Message("B916", "搜索数据不是可读的 JSON；请重新构建站点", "the search data is not readable JSON; build the site again"),
    Message("B917", "搜索条目 {entry} 的地址会运行脚本或离开门户：{location}",
            "search entry {entry} links to an address that runs script or leaves the portal: {location}"),
    # --- publishing (P) ----------------------------------------------------------------------------------
    Message("P1001", "无法锁定 {webroot}：{reason}", "cannot lock {webroot}: {reason}"),
    Message("P1002", "{webroot} 上的另一次发布或回滚在 {seconds} 秒后仍未结束；请等它完成后再试",
            "another publish or rollback is still running on {webroot} after {seconds} s; try again when it has finished"),
    Message("P1003", "{link} 是真实目录而不是符号链接；请先把它移开，再发布",
            "{link} is a real directory, not a symlink; move it away once, then publish"),
    Message("P1004", "网站根目录 {webroot} 和站点 {site} 必须是互不包含的两个文件夹",
            "the web root {webroot} and the site {site} must be separate folders, neither inside the other"),
    Message("P1005", "{folder} 不存在（磁盘挂载了吗？）；没有发布任何内容",
            "{folder} does not exist (is the disk mounted?); nothing was published"),
    Message("P1006", "无法创建网站根目录 {webroot}：{reason}", "cannot create the web root {webroot}: {reason}"),
    Message("P1007", "{webroot} 不是文件夹", "{webroot} is not a folder"),
    Message("P1008", "{action}失败，{current} 保持不变：{reason}", "{action} failed, {current} is unchanged: {reason}"),
    Message("P1009", "--keep 至少为 1（即正在发布的版本），实际是 {keep}",
            "--keep must be at least 1 (the release being published), found {keep}"),
    Message("P1010", "未发布：", "not published:"),
    Message("P1011", "{webroot} 不存在（磁盘挂载了吗？）", "{webroot} does not exist (is the disk mounted?)"),
    Message("P1012", "{current} 没有指向任何版本；无法回滚", "{current} does not point at a release; nothing to roll back from"),
    Message("P1013", "{name} 已是保留的最早版本；无法再回滚", "{name} is the oldest release kept; there is nothing to roll back to"),
    Message("P1014", "发布", "publishing"),
    Message("P1015", "回滚", "rolling back"),
    Message("P1016", "磁盘已满", "the disk is full"),
    Message("P1017", "磁盘配额已用完", "the disk quota is used up"),
    Message("P1018", "磁盘是只读的", "the disk is read-only"),
    Message("P1019", "没有权限", "permission denied"),
    Message("P1020", "缺少文件夹", "a folder is missing"),
    Message("P1021", "磁盘读写出错", "the disk reported an input/output error"),
    Message("P1022", "路径中有一段不是文件夹", "part of the path is not a folder"),
    Message("P1023", "那里已有同名的文件", "a file of that name is already there"),
    Message("P1024", "那里已有同名的文件夹", "a folder of that name is already there"),
    # --- paper (D) ---------------------------------------------------------------------------------------
    Message("D1101", "图片“{src}”不是 docs 目录中的文件；手册 {handbook} 中不打印它",
            "image '{src}' is not a file of the docs folder; it is left out of the handbook {handbook}"),
    Message("D1102", "字符 {character} 在 PDF 字体（Noto CJK 和系统字体）中没有字形，{document} 无法打印它；请改成文字，"
                     "或换成字体中有的字符（多数表情符号和生僻符号都没有）",
            "the character {character} has no glyph in the PDF fonts (Noto CJK and the system fonts), so {document} "
            "cannot print it; write it as words or use a character the fonts have (most emoji and rare symbols are "
            "missing)"),
    Message("D1103", "手册 {file}", "the handbook {file}"),
    Message("D1104", "{out}：培训师资料包含有考试答案，不能写进会被发布的 {folder}；请选择它以外的文件夹",
            "{out}: the trainer pack holds exam answers and must not be written into {folder}, which is published; "
            "choose a folder outside it"),
    Message("D1105", "{out}：在仓库内，培训师资料包只能写到被 git 忽略的 {default}/；写到别处，考试答案可能被提交或发布。"
                     "请使用 --out {default}，或仓库以外的文件夹",
            "{out}: inside the repository the trainer pack may only go into {default}/, which git ignores; anywhere "
            "else its exam answers could be committed or published. Use --out {default} or a folder outside the "
            "repository"),
    Message("D1106", "{file}：评分表“{id}”一页放不下；请缩短评分标准或证据，或拆分评分表",
            "{file}: the score sheet for '{id}' does not fit on one page; shorten the standards or evidence, or split "
            "the rubric"),
    Message("D1107", "没有用于 PDF 的中文字体（缺少 {fonts}）；请安装 Debian 软件包 fonts-noto-cjk（make portal 会安装）",
            "no Chinese font for the PDFs ({fonts} not found); install the Debian package fonts-noto-cjk (make portal "
            "does)"),
    Message("D1108", "无法检查中文字体：缺少 fc-list（Debian 软件包 fontconfig）；请安装 fontconfig 和 fonts-noto-cjk",
            "cannot check for Chinese fonts: fc-list (Debian package fontconfig) is missing; install fontconfig and "
            "fonts-noto-cjk"),
    Message("D1109", "打印时拒绝读取 {url}：PDF 只能使用站点内的文件", "refused to read {url} while printing: only files of "
            "the built site may go into a PDF"),
    Message("D1110", "打印失败（退出码 {exit}）：{detail}", "printing failed (exit {exit}): {detail}"),
    Message("D1111", "角色扮演套件排成了 {pages} 页，应为 {expected} 页：有一张卡片或观察员评分表放不下；"
                     "请精简客户角色牌（hidden、triggers）、客服任务卡（agent.brief）或选项文字",
            "the role-play kit came out at {pages} pages, expected {expected}: a card or the observer sheet does not "
            "fit; shorten the role card (hidden, triggers), the agent's brief or the choices"),
    Message("D1112", "角色扮演套件 {file}", "the role-play kit {file}"),
    Message("D1113", "打印材料的进程意外退出（常见原因：内存不足）；资料包没有写出。请重试，或用 --only 分批生成",
            "a printing process ended unexpectedly (often: out of memory); the pack was not written. Try again, or "
            "print it in parts with --only"),
    Message("D1114", "{out}：路径上的 {link} 是符号链接；仓库内的资料包文件夹不能经过链接（提交到仓库的链接可能把考试答案引到"
                     "会被发布的地方）。请删除这个链接，或把 --out 设为仓库以外的文件夹",
            "{out}: {link} on the way is a symbolic link; inside the repository the pack's folder may not go through a link "
            "(a committed link could lead the exam answers to a published place). Remove the link, or set --out to a "
            "folder outside the repository"),
    Message("D1116", "排版手册的进程意外退出（{detail}，常见原因：内存不足）；可把 handbook_piece_kb 调小后重试",
            "the process laying out the handbook ended unexpectedly ({detail}; often: out of memory); try again with a "
            "smaller handbook_piece_kb"),
    Message("D1117", "打印手册时出错（{detail}）", "printing the handbook failed ({detail})"),
    Message("D1115", "{out}：这里在网站服务器提供的文件夹 {folder} 中，培训师资料包含有考试答案，不能写到这里；请选择其他文件夹",
            "{out}: this lies in {folder}, a folder a web server serves; the trainer pack holds exam answers and must not "
            "be written there. Choose another folder"),
    Message("G702", "“{base}”不是这个仓库已知的提交；请先获取它（例如：git fetch origin {branch}）",
            "'{base}' is not a commit this repository knows; fetch it first (for example: git fetch origin {branch})"),
    # --- content warnings (W) ----------------------------------------------------------------------------
    Message("W1201", "里程碑“{milestone}”使用的题库“{bank}”也是本路径课程“{course}”的课后自测：通过其中一个就同时通过了另一个；"
                     "请为里程碑准备单独的题库",
            "the milestone “{milestone}” checks with '{bank}', the self-check of “{course}” on the same path: passing "
            "one passes the other; give the milestone a bank of its own"),
    Message("W1202", "课程“{course}”排在它的先修课程“{prerequisite}”之前；请调整步骤顺序",
            "“{course}” comes before its prerequisite “{prerequisite}” in this path; reorder the steps"),
    Message("W1203", "排版：“{old}”宜写作“{new}”", "typography: “{old}” should read “{new}”"),
    Message("W1204", "即使每一步都选最好的回答，也只能得 {best} 分，达不到“{rubric}”的及格线 {pass_points} 分",
            "even the best answer at every step earns only {best} points, below the pass mark of “{rubric}” ({pass_points})"),
    # --- role-play scenarios (N) -------------------------------------------------------------------------
    Message("N1301", "“{value}”不是本情景的节点{suggestion}{expected}", "'{value}' is not a node of this scenario{suggestion}{expected}"),
    Message("N1302", "从开始节点“{start}”走不到这个节点；请让某个选项的 next 指向它，或删除它",
            "no play from the start node '{start}' reaches this node; point a choice's next at it, or remove it"),
    Message("N1303", "没有任何选项能走到这个结局；请让某个选项的 next 指向它，或删除它",
            "no choice leads to this ending; point a choice's next at it, or remove it"),
    Message("N1304", "对话在 {cycle} 之间循环，没有出口，走不到任何结局；请让其中一个选项通向结局或通向能结束的节点",
            "the conversation loops {cycle} with no way out to an ending; let one of its choices lead towards an ending"),
    Message("N1306", "“{value}”不是评分表“{rubric}”的评分项{suggestion}{expected}",
            "'{value}' is not a criterion of the rubric '{rubric}'{suggestion}{expected}"),
    Message("N1307", "最好的对话路径上“{criterion}”可得 {best} 分，超过评分表给这一项的 {points} 分（路径：{path}）",
            "the best play earns {best} points for “{criterion}”, more than the rubric's {points} (path: {path})"),
    Message("N1308", "在 {cycle} 之间反复选择可以无限累加“{criterion}”的分数；循环里的选项合计不应加分",
            "going round {cycle} adds points for “{criterion}” every time; the choices of a loop should add none in total"),
    Message("N1309", "结局节点不能再有选项；去掉 ending，或去掉 choices",
            "an ending has no choices; remove 'ending' or remove 'choices'"),
    Message("N1310", "不是结局的节点需要 choices（至少一个选项）；或者用 ending 把它标为结局",
            "a node that is not an ending needs choices (at least one); or mark it as an ending with 'ending'"),
    Message("N1311", "只有结局节点（写了 ending 的节点）才写 {name}", "only an ending (a node with 'ending') has {name}"),
    Message("N1315", " → …（共 {count} 个节点）", " → … ({count} nodes in all)"),
    Message("N1316", "情景模拟有 {count} 个节点，超过上限 {limit} 个；请把它拆成几个情景模拟",
            "the scenario has {count} nodes, more than the {limit} allowed; split it into several scenarios"),
    Message("N1314", "没有结局：至少要有一个节点写 ending（resolved、escalated、lost 或其他词）",
            "no ending: at least one node needs 'ending' (resolved, escalated, lost or another word)"),
    # --- programmes: cohorts, surveys, evaluation data (K) -------------------------------------------------
    Message("K1401", "结束日期 {end} 早于开始日期 {start}", "the end {end} is before the start {start}"),
    Message("K1402", "“{value}”不是时间段；应写成“09:00-12:00”", "'{value}' is not a time range; expected '09:00-12:00'"),
    Message("K1403", "“{value}”的结束时间不晚于开始时间", "'{value}' ends before it starts"),
    Message("K1404", "日程的每一场都要写 courses（课程 id）或 activity（活动内容），至少一项",
            "each session needs 'courses' (course ids) or 'activity' (what happens), or both"),
    Message("K1405", "应为 0 到 {maximum} 之间的数字，实际是{found}", "expected a number from 0 to {maximum}, found {found}"),
    Message("K1406", "“{value}”不是预算类别（可用：{known}）", "'{value}' is not a budget kind (expected one of: {known})"),
    Message("K1407", "“{value}”不是问卷题型（可用：{known}）", "'{value}' is not a survey item type (expected one of: {known})"),
    Message("K1408", "第一行应为列名 {expected}", "expected the header row {expected}"),
    Message("K1409", "这一行有 {count} 列，应为 {expected} 列", "this row has {count} columns, expected {expected}"),
    Message("K1410", "这一列像是个人信息；评估数据只能是按指标和小组汇总的数字（个人信息保护法），请删除这一列",
            "this column looks like personal data; evaluation data holds aggregate figures per metric and group only "
            "(PIPL); remove the column"),
    Message("K1411", "这个值像是{kind}（{shown}）；评估数据只能是按指标和小组汇总的数字（个人信息保护法）",
            "this value looks like {kind} ({shown}); evaluation data holds aggregate figures per metric and group only "
            "(PIPL)"),
    Message("K1411.phone", "手机号码", "a phone number"),
    Message("K1411.id", "身份证号码", "an ID card number"),
    Message("K1411.email", "电子邮箱", "an e-mail address"),
    Message("K1411.card", "银行卡号", "a bank card number"),
    Message("K1411.staff", "工号", "a staff number"),
    Message("K1412", "{date} 不在培训班的日期 {start} 至 {end} 之内", "{date} is outside the cohort's dates {start} to {end}"),
    Message("K1413", "{who}在 {date} {time} 已有安排（{other}）", "{who} is already booked on {date} {time} ({other})"),
    Message("K1414", "路径“{path}”的必修课程“{course}”没有排进日程", "the required course “{course}” of the path “{path}” is not scheduled"),
    Message("K1415", "“{value}”不是题库、评分表或情景模拟{suggestion}", "'{value}' is not a quiz bank, rubric or scenario{suggestion}"),
    Message("K1416", "评估数据文件名应是培训班的 id（{cohort}.csv、{cohort}.reaction.csv 或 {cohort}.learning.csv），"
                     "但没有 id 为“{cohort}”的培训班",
            "an evaluation file is named after its cohort ({cohort}.csv, {cohort}.reaction.csv or "
            "{cohort}.learning.csv), but there is no cohort '{cohort}'"),
    Message("K1417", "应为数字（例如 0.72 或 930），实际是{found}", "expected a number (such as 0.72 or 930), found {found}"),
    Message("K1418", "应为人数（不小于 0 的整数），实际是{found}", "expected a head count (a whole number, 0 or more), found {found}"),
    Message("K1419", "应在 {low} 到 {high} 之间，实际是{found}", "expected a value from {low} to {high}, found {found}"),
    Message("K1420", "通过人数 {passed} 多于参加人数 {participants}", "{passed} passed, more than the {participants} who took part"),
    Message("K1421", "“{value}”不是培训班“{cohort}”的反应层问卷（assessments.reaction：{known}）",
            "'{value}' is not a reaction survey of the cohort '{cohort}' (assessments.reaction: {known})"),
    Message("K1422", "问卷“{survey}”没有 1–5 分的题目“{value}”（可用：{known}）",
            "the survey '{survey}' has no likert item '{value}' (there are: {known})"),
    Message("K1423", "“{value}”不是培训班“{cohort}”的学习层考核（assessments.learning：{known}）",
            "'{value}' is not a learning assessment of the cohort '{cohort}' (assessments.learning: {known})"),
    Message("K1424", "{count} 人多于培训班的人数 {participants}", "{count} is more than the cohort's {participants} participants"),
    Message("K1425", "“{value}”不是已登记的小组名称；group 只能填写 model.yml 中 groups 或 audiences 的 id 或名称，或者"
            "{aggregate}（已登记：{known}）；评估数据按小组汇总，不能出现人名（个人信息保护法）",
            "“{value}” is not a registered group; group must be an id or name from groups or audiences in model.yml, or "
            "{aggregate} (registered: {known}); evaluation data is aggregated by group and may not name a person (PIPL)"),
    Message("K1427", "这一行有超过 {limit} 个字符的单元格；评估数据的每格只能是一个数字、名称或单位（文件是否粘贴错了？）",
            "a cell of this row has more than {limit} characters; each cell of evaluation data is one figure, name or "
            "unit (was something pasted by mistake?)"),
    Message("K1428", "有 {count} 场，超过一期培训班的上限 {limit} 场；请拆成几期培训班",
            "{count} sessions, more than the {limit} one cohort may have; split it into several cohorts"),
    Message("K1426", "含有{kind}（{shown}）；培训班计划会在门户上发布，不能写任何人的手机、证件号、银行卡、邮箱或工号",
            "contains {kind} ({shown}); the cohort's plan is published in the portal and may not hold anyone's phone, "
            "ID, bank card, e-mail or staff number"),
    Message("W1205", "课程“{course}”排课 {scheduled} 分钟，课程时长是 {duration} 分钟",
            "“{course}” is scheduled for {scheduled} minutes; the course takes {duration}"),
    Message("W1206", "培训班共 {days} 天，超过路径“{path}”计划的 {target} 天",
            "the cohort runs {days} days, longer than the {target} days the path “{path}” plans"),
    Message("W1207", "标题有 {length} 个字，超过 {limit} 个字：卡片和导航里会折成几行，打印材料的页眉只印开头；请精简",
            "the title has {length} characters, more than {limit}: it wraps in cards and the navigation, and printed page "
            "headers show only its start; shorten it"),
    # --- call cases, calibration, QA plans (L) ---
    Message("L1501", "“{value}”不是案例类型（可用：{known}；benchmark 为标杆案例，improvement 为整改案例）",
            "'{value}' is not a case kind (expected one of: {known}; benchmark or improvement)"),
    Message("L1502", "通话记录应为列表（每行写 at、who、say），或逐行粘贴的文字（例如“00:03 坐席：您好”），实际是{found}",
            "expected the transcript as a list (at, who, say per line) or as pasted lines (such as '00:03 坐席：您好'), "
            "found {found}"),
    Message("L1503", "通话记录至少要有一行", "the transcript needs at least one line"),
    Message("L1504", "这一行应写成“时间 说话人：内容”，例如“00:03 坐席：您好，请问有什么可以帮您？”（说话人写坐席、客服或客户），"
                     "实际是“{found}”",
            "expected 'time speaker: text', such as '00:03 坐席：您好' (speaker 坐席, 客服 or 客户, or agent/customer), "
            "found '{found}'"),
    Message("L1505", "应为通话中的时间，写成 mm:ss 或 h:mm:ss（例如 \"00:03\"，加上引号），实际是{found}",
            "expected a time into the call as mm:ss or h:mm:ss (such as \"00:03\", in quotes), found {found}"),
    Message("L1506", "“{value}”不是说话人（可用：agent 坐席、customer 客户）",
            "'{value}' is not a speaker (expected agent or customer)"),
    Message("L1507", "时间 {at} 早于上一行的 {previous}；通话记录应按时间先后排列",
            "{at} is earlier than the line before ({previous}); the transcript runs in time order"),
    Message("L1508", "含有{kind}（{masked}）；案例进入仓库前必须脱敏，请删去或改写成“138****8000”这样的形式",
            "holds {kind} ({masked}); cases are anonymised before they enter the repository: remove it or mask it "
            "like '138****8000'"),
    Message("L1508.phone", "电话号码", "a phone number"),
    Message("L1508.id", "身份证号码", "an ID card number"),
    Message("L1508.card", "银行卡号", "a bank card number"),
    Message("L1508.email", "电子邮箱", "an e-mail address"),
    Message("L1509", "“{value}”不是评分表“{rubric}”的评分项{suggestion}{expected}",
            "'{value}' is not a criterion of the rubric '{rubric}'{suggestion}{expected}"),
    Message("L1510", "专家评分缺少评分表“{rubric}”的评分项：{missing}；每个评分项都要有专家的分数、依据的行号和点评",
            "the expert's scores lack criteria of the rubric '{rubric}': {missing}; every criterion needs the "
            "expert's points, lines and note"),
    Message("L1511", "应为 0 到 {points} 之间的分数（“{criterion}”满分 {points} 分），实际是{found}",
            "expected points from 0 to {points} (“{criterion}” is worth {points}), found {found}"),
    Message("L1512", "通话记录没有第 {value} 行（共 {count} 行）", "the transcript has no line {value} (it has {count})"),
    Message("L1513", "应为分数（数字），实际是{found}", "expected points (a number), found {found}"),
    Message("L1514", "应为与案例放在同一文件夹中的音频文件名（例如 refund-third-call.ogg，不含路径），实际是“{value}”",
            "expected the name of an audio file in the case's own folder (such as refund-third-call.ogg, no path), "
            "found '{value}'"),
    Message("L1515", "“{suffix}”不是浏览器能播放的音频格式（可用：{known}）",
            "'{suffix}' is not an audio format browsers play (expected one of: {known})"),
    Message("L1516", "案例旁边没有音频文件 {audio}；请把录音放在案例文件所在的文件夹",
            "there is no audio file {audio} beside the case; put the recording in the case's folder"),
    Message("L1517", "音频 {audio} 不是普通文件（符号链接、文件夹或设备）；请把录音文件本身放在案例旁边",
            "the audio {audio} is not a regular file (a link, folder or device); put the recording itself beside the case"),
    Message("L1518", "音频 {audio} 有 {size} MB，超过允许的 {limit} MB；请截取片段或降低码率",
            "the audio {audio} is {size} MB, more than the {limit} MB allowed; cut a clip or lower the bit rate"),
    Message("L1519", "音频 {audio} 的内容不是“{suffix}”格式（文件开头不符）；请重新导出为音频文件",
            "the audio {audio} is not a '{suffix}' file (its first bytes do not match); export it again as audio"),
    Message("L1520", "应为通话记录的行号（正整数），实际是{found}", "expected a transcript line number (a positive whole number), found {found}"),
    Message("L1531", "文件有 {size} MB，超过质检数据允许的 {limit} MB；请按月或按组分开导出",
            "the file is {size} MB, more than the {limit} MB a QA export may have; export it by month or by team"),
    Message("L1532", "不是有效的 CSV（{problem}）；请在表格软件中另存为“CSV UTF-8（逗号分隔）”",
            "not a valid CSV ({problem}); save it from the spreadsheet as 'CSV UTF-8 (comma delimited)'"),
    Message("L1533", "有单元格超过 {limit} 个字符；质检数据的单元格只应是工号、编号、日期或分数",
            "a cell is longer than {limit} characters; cells of QA data are ids, dates or points"),
    Message("L1534", "文件是空的；第一行应为列名：{expected}", "the file is empty; expected the header row {expected}"),
    Message("L1535", "列名“{column}”出现了两次", "the column '{column}' appears twice"),
    Message("L1536", "第 {index} 列没有列名", "column {index} has no name"),
    Message("L1537", "第 {index} 列含有控制字符（例如 NUL 或终端转义序列）；请检查导出设置后重新导出",
            "column {index} holds control characters (such as NUL or terminal escapes); check the export and export again"),
    Message("L1538", "与第 {other} 行完全相同（重复导出？）；请删去其中一行", "the same as line {other} (exported twice?); remove one"),
    Message("L1539", "这一列含有{kind}（{masked}）；质检数据不能含有电话、身份证号、银行卡号或邮箱，请删除这一列",
            "this column holds {kind} ({masked}); QA data may not hold phone, ID card or bank card numbers or e-mail "
            "addresses: remove the column"),
    Message("L1540", "列名“{column}”像是电话、证件号等个人信息；质检数据只用坐席工号和通话编号，请删除这一列",
            "the column '{column}' looks like personal data (phone, ID numbers); QA data uses agents' ids and call "
            "numbers only: remove it"),
    Message("L1541", "缺少“{column}”列（第一行应为：{expected}）", "the column '{column}' is missing (expected the header {expected})"),
    Message("L1542", "“{column}”不是任何评分表的评分项{suggestion}（可用：{known}）",
            "'{column}' is not a criterion of any rubric{suggestion} (expected one of: {known})"),
    Message("L1543", "应为{what}（不含空格，最多 64 个字符），实际是{found}",
            "expected {what} (no spaces, at most 64 characters), found {found}"),
    Message("L1543.agent", "坐席工号", "an agent's id"),
    Message("L1543.call", "通话编号", "a call number"),
    Message("L1543.grader", "评分人", "a grader's name or id"),
    Message("L1547", "应为 0 到 100 之间的满意度，实际是{found}", "expected a satisfaction score from 0 to 100, found {found}"),
    Message("L1548", "评分表“{rubric}”没有这一项；这一行的这一列应为空",
            "the rubric '{rubric}' has no such criterion; leave this column empty on this row"),
    Message("L1549", "这一行没有任何评分项的分数（评分表“{rubric}”）", "this row scores no criterion (rubric '{rubric}')"),
    Message("L1550", "通话编号“{call}”已在第 {other} 行出现；每通电话只能有一行",
            "the call '{call}' is already on line {other}; one row per call"),
    Message("L1551", "评分人“{grader}”已在第 {other} 行出现；每位评分人只能有一行",
            "the grader '{grader}' is already on line {other}; one row per grader"),
    Message("L1552", "缺少评分项“{criterion}”的列（案例“{case}”按评分表“{rubric}”评分，第一行应为：{expected}）",
            "the column of the criterion '{criterion}' is missing (the case '{case}' is scored on '{rubric}': expected "
            "{expected})"),
    Message("L1553", "没有评分人的分数；第一行为列名 {expected}，之后每位评分人一行",
            "no grader's scores; after the header {expected}, one row per grader"),
    Message("L1554", "没有 id 为“{case}”的案例（已有：{known}）", "no case '{case}' (there are: {known})"),
    Message("L1555", "文件在 {folder} 里：那里的文件会被发布到门户；质检数据请放在仓库以外",
            "the file is inside {folder}, whose files are published with the portal; keep QA data outside the repository"),
    Message("L1556", "文件里没有任何通话", "the file holds no calls"),
    Message("L1567", "已写入 {file}", "written: {file}"),
    Message("L1568", "质检数据：{calls} 通电话、{agents} 名坐席（{first} 至 {last}）；共性问题 {common} 项；"
                     "{too_few} 名坐席的评分通话少于 {min_calls} 通，不做单项结论；{coaching} 名坐席的平均满意度低于 {threshold} 分，"
                     "需要一对一辅导。",
            "QA data: {calls} calls, {agents} agents ({first} to {last}); {common} common problems; {too_few} agents with "
            "fewer than {min_calls} scored calls get no per-criterion verdict; {coaching} agents below {threshold} "
            "satisfaction need one-to-one coaching."),
    Message("L1569", "发现 {count} 个问题；没有写入任何文件。", "{problems} found; nothing was written."),
    Message("L1570", "校准：案例 {case}（{title}），{graders} 位评分人，容差为各项满分的 ±{tolerance}%；表中是各评分人与专家的偏差（分）。",
            "Calibration: case {case} ({title}), {graders} graders, tolerance ±{tolerance}% of each criterion's points; "
            "the table shows each grader's deviation from the expert (points)."),
    Message("L1571.criterion", "评分项", "criterion"),
    Message("L1571.points", "满分", "points"),
    Message("L1571.expert", "专家", "expert"),
    Message("L1571.spread", "极差", "spread"),
    Message("L1571.within", "容差内", "within"),
    Message("L1571.exact", "完全一致", "exact"),
    Message("L1572", "先讨论：{criterion}（与专家平均相差 {mean} 分，占该项满分的 {share}）。",
            "Discuss first: {criterion} (on average {mean} points from the expert, {share} of its points)."),
    Message("L1573", "所有评分都与专家完全一致，不需要讨论偏差。", "Every score equals the expert's: no deviation to discuss."),
    Message("L1574", "总体：{within} 的评分在容差内，{exact} 与专家完全一致；评分人之间的一致性 Krippendorff α（区间）= {alpha}，{verdict}",
            "Overall: {within} of the scores within tolerance, {exact} equal to the expert's; agreement among the "
            "graders, Krippendorff's alpha (interval) = {alpha}: {verdict}"),
    Message("L1575.reliable", "不低于 0.800，评分可以放心使用。", "0.800 or more, the scores can be relied on."),
    Message("L1575.tentative", "在 0.667 到 0.800 之间，只宜作初步结论。", "between 0.667 and 0.800, tentative conclusions only."),
    Message("L1575.low", "低于 0.667，评分人对标准的理解差别较大，请对齐后再评。",
            "below 0.667: the graders read the standard differently; align before scoring again."),
    Message("L1575.undefined", "无法计算（少于两位评分人，或所有评分相同）。",
            "undefined (fewer than two graders, or every score the same)."),
    Message("L1576", "应为 0 到 100 之间的百分数，实际是 {value}", "expected a percentage from 0 to 100, found {value}"),
    Message("L1578", "应为 1 到 50 之间的人数，实际是 {value}", "expected 1 to 50 graders, found {value}"),
    Message("L1577", "应为 YYYY-MM-DD 格式的日期，实际是“{text}”", "expected a date as YYYY-MM-DD, found '{text}'"),
    # --- settings (S) ------------------------------------------------------------------------------------
    Message("M1801", "要点最多 {limit} 条，这里有 {count} 条：每日复习要短，只留坐席必须记住的数字和说法",
            "at most {limit} key facts, found {count}: keep the daily review short"),
    Message("M1802", "应不超过 {limit} 个字符，实际 {length} 个：要点写成一问一答，细节留在正文里",
            "at most {limit} characters, found {length}: a key fact is one question and one answer"),
    Message("M1804", "{file}：课程 {id} 的要点一页印不下，请精简问题和答案", "{file}: the key facts of course {id} do not fit one page; shorten them"),
    Message("M1803", "同一门课程里这个问题已在第 {other} 行出现", "the same question is already at line {other}"),
    Message("S601", "YAML 语法错误：{problem}", "invalid YAML: {problem}"),
    Message("S602", "无法读取：{problem}", "cannot be read: {problem}"),
    Message("S603", "应为设置项的映射", "expected a mapping of settings"),
    Message("S604", "{problem}", "{problem}"),
    Message("S605", "{where}.{name}：未知选项（可用：{known}）", "{where}.{name}: unknown option (expected one of: {known})"),
    Message("S606", "应为 true 或 false，实际是 {found}", "expected true or false, found {found}"),
    Message("S607", "应为正整数，实际是 {found}", "expected a positive whole number, found {found}"),
    Message("S608", "应为路径，实际是 {found}", "expected a path, found {found}"),
    Message("S609", "应为 YYYY-MM-DD 格式的日期，实际是 {found}", "expected a date as YYYY-MM-DD, found {found}"),
    Message("S610", "应为 {known} 之一，实际是 {found}", "expected one of {known}, found {found}"),
    Message("S611", "应为本站的路径（以 / 开头；records_endpoint 还要以 / 结尾，例如 /xapi/；学习记录不发往其他网站），实际是 {found}",
            "expected a path on the portal's own site (starting with /; records_endpoint also ending with /, e.g. /xapi/; "
            "records never go to another site), found {found}"),
    # --- question-bank interchange (I) ---
    # Where a problem sits in a source that is not a repository file (a workbook cell, an XML or GIFT line).
    Message("I1601", "工作表“{sheet}”第 {row} 行 {column} 列", "sheet '{sheet}', row {row}, column {column}"),
    Message("I1602", "工作表“{sheet}”第 {row} 行", "sheet '{sheet}', row {row}"),
    Message("I1603", "工作表“{sheet}”", "sheet '{sheet}'"),
    Message("I1605", "“{suffix}”文件不能导入；可以导入 .xlsx（Excel 工作簿）、.xml（Moodle XML）和 .gift 或 .txt（GIFT）",
            "'{suffix}' files cannot be imported; import .xlsx (an Excel workbook), .xml (Moodle XML) or .gift or .txt (GIFT)"),
    Message("I1606", "“{id}”不能作题库 id：只能用小写字母、数字和“-”，例如 after-sales-exam",
            "'{id}' cannot be a bank id: use lowercase letters, digits and '-', for example after-sales-exam"),
    Message("I1607", "{file} 已经存在；要用导入的题目替换它，请加 --force",
            "{file} already exists; add --force to replace it with the imported questions"),
    Message("I1608", "已导入 {count} 道题：{file}（{mode}）", "Imported {questions}: {file} ({mode})"),
    Message("I1609", "发现 {count} 个问题；没有写入任何文件。", "{problems} found; nothing was written."),
    Message("I1610", "没有可以导入的题目", "no question could be imported"),
    Message("I1611", "文件有 {size} MB，超过导入允许的 {limit} MB", "the file is {size} MB, more than the {limit} MB an import may read"),
    Message("I1612", "要导入的文件或者 --template，二者给出一个", "give either the file to import or --template"),
    Message("I1613", "已写出 Excel 模板：{file}（工作表“题库”填题目，“填写说明”解释每一列）",
            "Excel template written: {file} (fill in the sheet 题库; 填写说明 explains each column)"),
    Message("I1614", "缺少 --id：导入的题库要有一个 id（文件名是 assessments/quizzes/<id>.yml）",
            "--id is missing: the imported bank needs an id (its file is assessments/quizzes/<id>.yml)"),
    # Excel workbooks.
    Message("I1620", "不是 .xlsx 工作簿，或文件已损坏（{reason}）", "not an .xlsx workbook, or the file is damaged ({reason})"),
    Message("I1621", "工作簿设置了打开密码（文件已加密）；请在 Excel 中去掉密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空后保存）再导入",
            "the workbook is protected by a password (encrypted); remove the password in Excel (File → Info → Protect "
            "Workbook → Encrypt with Password, clear it and save) and import it again"),
    Message("I1622", "这是旧版 Excel 97-2003 工作簿（.xls）；请在 Excel 中另存为“Excel 工作簿（.xlsx）”再导入",
            "this is an old Excel 97-2003 workbook (.xls); save it as an Excel Workbook (.xlsx) and import that"),
    Message("I1623", "工作簿解压后超过 {limit} MB（{member}：{size} MB），可能是压缩炸弹；没有读取",
            "the workbook unpacks to more than {limit} MB ({member}: {size} MB), which looks like a zip bomb; it was not read"),
    Message("I1624", "没有题目：第 1 行应是表头（题型、题干、选项A……正确答案），从第 2 行起每行一道题",
            "has no questions: row 1 holds the headers (题型, 题干, 选项A … 正确答案) and each row from row 2 on one question"),
    Message("I1625", "缺少表头“{header}”（第 1 行）；表头可以是：{known}",
            "the header '{header}' is missing (row 1); the headers are: {known}"),
    Message("I1626", "表头“{header}”出现了两次（{first} 列和 {second} 列）",
            "the header '{header}' appears twice (columns {first} and {second})"),
    Message("I1627", "不认识的表头“{header}”，这一列没有导入{suggestion}（表头可以是：{known}）",
            "unknown header '{header}': the column was not imported{suggestion} (the headers are: {known})"),
    Message("I1628", "单元格是公式（{formula}），但工作簿没有保存它的计算结果；请在 Excel 中打开并保存一次，或把公式“粘贴为数值”",
            "the cell holds a formula ({formula}) whose result the workbook did not save; open and save the workbook "
            "in Excel once, or paste the formula's values"),
    Message("I1629", "不认识的题型“{value}”；应为 {known}", "unknown question type '{value}'; expected one of {known}"),
    Message("I1630", "答案字母“{letter}”没有对应的选项（选项{letter} 是空的）",
            "the answer letter '{letter}' has no option (选项{letter} is empty)"),
    Message("I1631", "{kind}的正确答案应写选项字母（例如 {example}），实际是“{value}”",
            "the answer of a {kind_en} question is written as option letters (for example {example}), found '{value}'"),
    Message("I1632", "单选题只能有一个正确答案，这里写了 {count} 个（“{value}”）",
            "a single-choice question has exactly one answer; {count} are given ('{value}')"),
    Message("I1633", "判断题的正确答案应为“对”或“错”（也可以写 正确/错误、√/×、T/F），实际是“{value}”",
            "the answer of a true-false question is 对 or 错 (also 正确/错误, √/×, T/F), found '{value}'"),
    Message("I1634", "排序题的正确答案应把每个选项字母按正确顺序各写一次（这里是 {letters}，例如 {example}），实际是“{value}”",
            "the answer of an ordering question names each option letter once, in the right order ({letters} here, "
            "for example {example}), found '{value}'"),
    Message("I1635", "配对题的每个选项应写成“左项=右项”，实际是“{value}”",
            "each option of a matching question is written as left=right, found '{value}'"),
    Message("I1636", "配对题的正确答案应留空（配对写在各个选项里），实际是“{value}”",
            "the answer of a matching question stays empty (the pairs are in the options), found '{value}'"),
    Message("I1637", "分值应为正整数（例如 1 或 2），实际是{found}", "points are a positive whole number (such as 1 or 2), found {found}"),
    Message("I1638", "缺少题干", "the question text (题干) is missing"),
    Message("I1639", "缺少正确答案", "the answer (正确答案) is missing"),
    Message("I1640", "选项{letter} 是空的，但选项{later} 有内容；选项要从 A 起连续填写",
            "选项{letter} is empty but 选项{later} is not; fill the options from A on without gaps"),
    Message("I1641", "{kind}至少要有 2 个选项，这里有 {count} 个", "a {kind_en} question needs at least 2 options, found {count}"),
    Message("I1642", "知识点“{value}”不是模型中的胜任力（curriculum/model.yml 的 id 或名称），没有导入这一项{suggestion}",
            "the knowledge point '{value}' is not a competency of the model (an id or name in curriculum/model.yml) and "
            "was left out{suggestion}"),
    Message("I1643", "一道题只能标一个胜任力：导入了“{kept}”，没有导入 {dropped}",
            "a question has one competency: '{kept}' was imported, {dropped} left out"),
    Message("I1644", "与{other}的题目完全相同，没有重复导入", "the same question as {other}; it was imported once"),
    Message("I1645", "题干与{other}相同，但选项或答案不同；请删掉其中一题或改写题干",
            "the same question text as {other} with other options or answers; delete one of them or reword it"),
    Message("I1646", "这张图片只链接到工作簿以外的文件（{target}），工作簿里没有图片本身；这道题没有导入",
            "this picture only links to a file outside the workbook ({target}); the workbook does not hold it, and the "
            "question was not imported"),
    Message("I1647", "这道题带有图片；题库的题目只有文字，图片不能导入；这道题没有导入，请把图中的信息写进题干",
            "the question has a picture; bank questions are text only, so it was not imported: put what the picture "
            "shows into the question text"),
    Message("I1648", "合并单元格 {cells} 跨了多列；请取消合并，每个单元格各写各的内容",
            "the merged cells {cells} span several columns; unmerge them and give each cell its own content"),
    Message("I1649", "有 {rows} 行，超过导入允许的 {limit} 行；请分成几个工作簿导入",
            "has {rows} rows, more than the {limit} an import reads; split it into several workbooks"),
    Message("I1650", "“{value}”不是题库 id（只能用小写字母、数字和“-”），改用了“{id}”",
            "'{value}' is not a question id (lowercase letters, digits and '-'); '{id}' was used"),
    Message("I1651", "编号“{value}”与{other}重复", "the id '{value}' is also used by {other}"),
    # Moodle XML and GIFT.
    Message("I1655", "XML 无法解析：{problem}", "the XML cannot be parsed: {problem}"),
    Message("I1656", "XML 中不能有 DOCTYPE 或实体声明（可被用来读取本机文件或耗尽内存）；Moodle 导出的文件没有这些",
            "the XML may not have a DOCTYPE or entity declarations (they can read local files or exhaust memory); "
            "files exported by Moodle have none"),
    Message("I1657", "根元素应是 <quiz>（Moodle XML），实际是 <{tag}>", "the root element of Moodle XML is <quiz>, found <{tag}>"),
    Message("I1658", "Moodle 题型“{qtype}”在题库中没有对应的题型，这道题没有导入",
            "the Moodle question type '{qtype}' has no counterpart in a bank; the question was not imported"),
    Message("I1659", "单选题应恰好有一个满分（100%）选项，这里有 {count} 个；这道题没有导入",
            "a single-choice question has exactly one choice worth 100%, found {count}; the question was not imported"),
    Message("I1660", "没有得分为正的选项；这道题没有导入", "no choice is worth any points; the question was not imported"),
    Message("I1661", "分值 {value} 不是正整数，按 {points} 分导入", "the mark {value} is not a positive whole number; imported as {points}"),
    Message("I1662", "缺少{part}；这道题没有导入", "{part} is missing; the question was not imported"),
    Message("I1663", "填空答案“{answer}”含通配符 *，题库按原文比较答案；这道题没有导入",
            "the answer '{answer}' holds the wildcard *, and banks compare answers as written; the question was not imported"),
    Message("I1664", "只得 {fraction}% 的答案“{answer}”没有导入：填空题的每个答案都得满分",
            "the answer '{answer}' worth {fraction}% was left out: every answer of a fill-in question scores in full"),
    Message("I1665", "区分大小写（usecase=1）没有导入：题库的填空题不区分英文大小写",
            "case sensitivity (usecase=1) was not imported: bank fill-in questions ignore case"),
    Message("I1666", "判断题的选项反馈没有导入：题库的判断题只有解析",
            "the true-false answers' feedback was not imported: a bank's true-false question has an explanation only"),
    Message("I1667", "没有左项的干扰项“{answer}”没有导入：配对题的右项与左项一一对应",
            "the distractor '{answer}' without a left item was not imported: a bank's matching pairs each right item with a left one"),
    Message("I1668", "没有答案的文字（GIFT 的描述）不是题目，没有导入", "text without answers (a GIFT description) is not a question and was not imported"),
    Message("I1669", "GIFT 题目格式有误：{problem}", "the GIFT question is malformed: {problem}"),
    Message("I1670", "缺少右花括号“}}”", "the closing brace '}}' is missing"),
    Message("I1671", "花括号里的答案之外还有一组花括号", "a second pair of braces follows the answers"),
    Message("I1672", "选项权重“{weight}”不是百分数", "the weight '{weight}' is not a percentage"),
    Message("I1673", "排序题的选项顺序号（fraction）不是 1、2、3……，按文件中的先后导入",
            "the ordering answers' positions (fraction) are not 1, 2, 3 …; they were imported in file order"),
    Message("I1674", "题目中有图片（{src}）；题库的题目只有文字，图片不能导入；这道题没有导入",
            "the question has a picture ({src}); bank questions are text only, so it was not imported"),
    Message("I1676", "题干", "the question text"),
    Message("I1677", "正确答案", "the right answer"),
    Message("I1678", "选项", "the choices"),
    # Export.
    Message("I1680", "没有 id 为“{bank}”的题库（已有：{known}）", "no quiz bank '{bank}' (there are: {known})"),
    Message("I1681", "{out}：导出的题库文件含有答案，不能写进会被发布的 {folder}；请选择它以外的文件夹",
            "{out}: exported banks hold the answers and must not be written into {folder}, which is published; choose "
            "a folder outside it"),
    Message("I1682", "{out}：在仓库内，导出的题库只能写到被 git 忽略的 {default}/；写到别处，答案可能被提交或发布。"
                     "请使用 --out {default}/导出，或仓库以外的文件夹",
            "{out}: inside the repository exported banks may only go into {default}/, which git ignores; anywhere else "
            "the answers could be committed or published. Use --out {default}/export, or a folder outside the repository"),
    Message("I1683", "{file}（{count} 道题）", "{file}  ({questions})"),
    Message("I1684", "已导出 {count} 个题库到 {out}", "{banks} exported to {out}"),
    Message("I1685", "注意：{files} 含有考试题库的题目和答案；只交给组织考试的人，不要放进门户、共享盘或仓库",
            "note: {files} hold exam questions and their answers; hand them only to whoever runs the exam, never to the "
            "portal, a shared drive or the repository"),
    Message("I1686", "{bank} {question}：{note}", "{bank} {question}: {note}"),
    Message("I1687", "多选题在 Moodle 中按选对的比例给分；题库全对才得分（partial_credit: false），这一点 Moodle 的多选题无法表达",
            "Moodle scores a multiple-answer question by the share chosen rightly; the bank's all-or-nothing scoring "
            "(partial_credit: false) cannot be expressed in it"),
    Message("I1688", "配对题在 Moodle 中按配对正确的比例给分；题库全对才得分（partial_credit: false），这一点 Moodle 的配对题无法表达",
            "Moodle scores a matching question by the share of right pairs; the bank's all-or-nothing scoring "
            "(partial_credit: false) cannot be expressed in it"),
    Message("I1689", "排序题导出为 Moodle 的 ordering 题型（qtype_ordering）：Moodle 传统的核心题型里没有排序题，没有装这个题型的 Moodle 会拒绝导入这道题",
            "ordering questions are exported as Moodle's ordering type (qtype_ordering): Moodle's classic core types "
            "have no ordering question, and a Moodle without this type refuses the question"),
    Message("I1690", "GIFT 没有排序题，这道题没有导出", "GIFT has no ordering questions; this one was not exported"),
    Message("I1691", "GIFT 不记录分值：这道题的 {points} 分在 Moodle 中会是默认的 1 分",
            "GIFT carries no marks: this question's {points} points become Moodle's default of 1"),
    Message("I1692", "排序题在 QTI 中全对才得分：按位置给部分分无法用 QTI 2.1 的标准响应处理表达",
            "ordering questions score all or nothing in QTI: partial credit by position has no standard QTI 2.1 "
            "response processing"),
    Message("I1693", "图片“{src}”不在 curriculum/ 中，没有放进导出的文件", "the picture '{src}' is not in curriculum/ and was left out of the export"),
    Message("I1694", "有 {count} 个正确选项，Moodle 的得分比例只能取固定档位，按 {fraction}% 导出",
            "{count} right choices: Moodle's grades come in fixed steps, exported as {fraction}%"),
    Message("I1695", "及格线、抽题数和乱序是测验（quiz）的设置，不在导出的题库文件里；在 LMS 中创建测验时再设置",
            "pass mark, draw and shuffling are settings of a quiz, not of the exported bank; set them when you create "
            "the quiz in the LMS"),
    Message("I1697", "从 {source} 导入（python -m generator import-bank）；可以直接编辑这个文件",
            "imported from {source} (python -m generator import-bank); edit this file freely"),
    # --- learning records (X) -----------------------------------------------------------------------------
    # Why a statement is left out of reports (generator/records/statements.py, report.py).
    Message("X1701", "不是本门户的学习记录（其他工具的，或已损坏）", "not one of the portal's statements (another tool's, or damaged)"),
    Message("X1702", "时间无法读取", "the time cannot be read"),
    Message("X1703", "分数超出范围（得分和满分应在 ±1000000 以内、得分不超过满分，scaled 在 -1 到 1 之间）",
            "a score out of range (raw and max within ±1,000,000, raw at most max, scaled within -1 and 1)"),
    Message("X1704", "评分项得分超出范围（超过评分表中该项的满分）",
            "a criterion's points out of range (more than the rubric gives it)"),
    Message("X1705", "已跳过 {count} 条无法使用的学习记录：{reasons}。", "{count_en} left out: {reasons}."),
    Message("X1706", "{reason}（{count} 条）", "{reason} ({count})"),
    Message("X1707", "学习记录报告：{scope}{since}，共 {count} 名学员{split}。", "Learning records report: {scope}{since}, {count_en}{split}."),
    Message("X1708", "，其中已验证（登录账号）{verified} 人，本人填写工号 {declared} 人",
            ", {verified} verified (signed in), {declared} with a self-declared staff number"),
    Message("X1709", "，全部已验证（登录账号）", ", all verified (signed in)"),
    Message("X1710", "{value}（已验证 {verified}，本人填写 {declared}）", "{value} (verified {verified}, self-declared {declared})"),
    Message("X1711", "培训班 {title}（{id}）", "cohort {title} ({id})"),
    Message("X1712", "全部学员", "all learners"),
    Message("X1713", "，{day} 起", ", from {day}"),
    # records commands (generator/records/commands.py, scores.py, lrs.py, forget.py)
    Message("X1720", "{option}：应为 YYYY-MM-DD 格式的日期，实际是“{value}”", "{option}: expected a date as YYYY-MM-DD, found '{value}'"),
    Message("X1721", "--cohort：没有 id 为“{cohort}”的培训班（已有：{known}）", "--cohort: no cohort '{cohort}' (there are: {known})"),
    Message("X1722", "无法读取学习记录：{error}", "cannot read the learning records: {error}"),
    Message("X1723", "已删除学员 {learner} 的 {count} 条学习记录。", "Deleted {count} statements of learner {learner}."),
    Message("X1724", "--rubric：没有 id 为“{rubric}”的评分表（已有：{known}）", "--rubric: no rubric '{rubric}' (there are: {known})"),
    Message("X1725", "请给出 --csv 文件，或者 --learner 和 --scores（二者选一）", "give either --csv, or --learner and --scores"),
    Message("X1726", "--site：请给出门户的网址（例如 https://training.example.com/），与浏览器记录中的学员地址一致；"
                     "也可以在 mkdocs.yml 里写 site_url",
            "--site: give the portal's address (e.g. https://training.example.com/) as browsers name it in their "
            "statements, or set site_url in mkdocs.yml"),
    Message("X1727", "--learner 和 --scores 都要给出", "give both --learner and --scores"),
    Message("X1728", "--scores: “{name}”应写成 评分项=分数", "--scores: write '{name}' as criterion=points"),
    Message("X1729", "发现 {count} 个问题；没有发送任何成绩。", "{problems} found; no score was sent."),
    Message("X1730", "成绩没有发送：{error}", "no score was sent: {error}"),
    Message("X1731", "已发送 {count} 名学员在“{rubric}”的实操成绩。", "Sent the classroom scores of {count_en} on '{rubric}'."),
    Message("X1732", "实操成绩的记录编号要用只有培训部门知道的密钥生成（学员就无法抢先占用）：请给出 --id-key-file、"
                     "设置环境变量 {variable}，或者给出学习记录库的账号密码（--credentials-file）",
            "classroom scores get statement ids from a key only the training department knows (so learners cannot "
            "take them first): give --id-key-file, set {variable}, or give the LRS credentials (--credentials-file)"),
    Message("X1733", "{file}：无法读取密钥（{reason}）", "{file}: cannot read the key ({reason})"),
    Message("X1734", "{where}: learner: 应为学员的账号或工号（不含空格，最多 64 个字符），实际是“{value}”",
            "{where}: learner: expected the learner's account or staff number (no spaces, at most 64 characters), found '{value}'"),
    Message("X1735", "{where}: date: 应为 YYYY-MM-DD 格式的日期，实际是“{value}”", "{where}: date: expected a date as YYYY-MM-DD, found '{value}'"),
    Message("X1736", "{where}: {name}: 评分表“{rubric}”没有这个评分项（可用：{known}）",
            "{where}: {name}: rubric '{rubric}' has no such criterion (there are: {known})"),
    Message("X1737", "{where}: {criterion}: 缺少“{name}”的得分（0–{points} 分）", "{where}: {criterion}: no points for '{name}' (0–{points})"),
    Message("X1738", "{where}: {criterion}: “{name}”的得分应为 0–{points} 的整数，实际是“{value}”",
            "{where}: {criterion}: the points for '{name}' are a whole number 0–{points}, found '{value}'"),
    Message("X1739", "{file}: 无法读取（{reason}）", "{file}: cannot read ({reason})"),
    Message("X1740", "应为 UTF-8 编码", "expected UTF-8 text"),
    Message("X1741", "{file}: 不是可读的 CSV（{reason}）", "{file}: not a readable CSV ({reason})"),
    Message("X1742", "{file}:1: 文件是空的；第一行应为列名：learner,date,{criteria}", "{file}:1: the file is empty; the first row names the columns: learner,date,{criteria}"),
    Message("X1743", "{file}:1: {name}: 缺少这一列", "{file}:1: {name}: this column is missing"),
    Message("X1744", "{file}:{line}: 一个单元格超过 {limit} 个字符", "{file}:{line}: a cell is longer than {limit} characters"),
    Message("X1745", "“{url}”不是网址（例如 http://127.0.0.1:8100/xAPI/）", "'{url}' is not an address (e.g. http://127.0.0.1:8100/xAPI/)"),
    Message("X1746", "“{url}”不是 http 或 https 网址（例如 http://127.0.0.1:8100/xAPI/）", "'{url}' is not an http or https address (e.g. http://127.0.0.1:8100/xAPI/)"),
    Message("X1747", "{method} {url}: 对方的回答不是 HTTP（{kind}）", "{method} {url}: the answer is not HTTP ({kind})"),
    Message("X1748", "GET {url}: 回答不是 JSON；--lrs 应为学习记录库的 xAPI 地址", "GET {url}: the answer is not JSON; --lrs is the LRS's xAPI address"),
    Message("X1749", "GET {url}: 回答里没有 statements 列表；--lrs 应为学习记录库的 xAPI 地址",
            "GET {url}: the answer has no statements list; --lrs is the LRS's xAPI address"),
    Message("X1750", "GET {url}: 下一页指向另一台服务器（{more}），没有跟随", "GET {url}: the next page is on another server ({more}); not followed"),
    Message("X1751", "{file}: {reason}", "{file}: {reason}"),
    Message("X1752", "文件是空的", "the file is empty"),
    Message("X1753", "{store}: 不是文件夹（应为 Ralph 文件系统后端的数据目录）", "{store}: not a folder (expected the data folder of Ralph's file-system backend)"),
    Message("X1754", "{file}: 文件一直在被写入，请稍后再试", "{file}: the file keeps being written to; try again later"),
    Message("X1755", "--format html 要用 --out 给出看板的文件夹", "--format html writes a folder: give it with --out"),
    Message("X1756", "--out 只用于 --format html", "--out is for --format html only"),
    Message("X1757", "{out}：{reason}；看板没有写入", "{out}: {reason}; the dashboard was not written"),
    Message("X1758", "是符号链接，或在符号链接的文件夹里", "is a symbolic link, or inside a linked folder"),
    Message("X1759", "已存在，而且不是以前写入的学习记录看板；请换一个文件夹，或先删除它",
            "exists and is not a dashboard written before; choose another folder or remove it"),
    Message("X1760", "学习记录看板：{file}", "Learning records dashboard: {file}"),
    Message("X1761", "在仓库的内容或网站文件夹里（{inside}）；看板里有学员的记录，不能发布到门户上",
            "inside the repository's content or site ({inside}); the dashboard holds learners' records and is never published"),
    Message("X1762", "--source-link：应为以 http:// 或 https:// 开头、含 {{file}}（可再含 {{line}}）的网址模板，实际是“{value}”",
            "--source-link: expected an http:// or https:// address template with {{file}} (and optionally {{line}}), found '{value}'"),
    # --- the records report's words (X1770–X1832): sections, measures and chart captions ---------------------
    Message("X1770", "学习路径", "Learning paths"),
    Message("X1771", "已开始", "started"),
    Message("X1772", "已完成", "finished"),
    Message("X1773", "完成天数中位数", "median days to finish"),
    Message("X1774", "在目标 {days} 天内完成", "finished within the target of {days} days"),
    Message("X1775", "课程", "Courses"),
    Message("X1776", "已完成当前版本", "finished the current version"),
    Message("X1777", "只完成过旧版本", "finished an earlier version only"),
    Message("X1778", "情景模拟", "Role-play scenarios"),
    Message("X1779", "实操考核", "Classroom assessments"),
    Message("X1780", "次数", "attempts"),
    Message("X1781", "通过人数", "learners passed"),
    Message("X1782", "{name}平均分", "mean score: {name}"),
    Message("X1783", "自测题库", "Self-check banks"),
    Message("X1784", "作答次数", "attempts"),
    Message("X1785", "通过率（按次）", "pass rate (per attempt)"),
    Message("X1786", "第 {number} 次", "attempt {number}"),
    Message("X1787", "第 {number} 次及以后", "attempt {number} and later"),
    Message("X1788", "{which}作答的通过率", "pass rate of {which}"),
    Message("X1789", "{share}（{attempts} 次中 {passed} 次）", "{share} ({passed} of {attempts})"),
    Message("X1790", "最好成绩平均", "mean best score"),
    Message("X1791", "最好成绩最高", "highest best score"),
    Message("X1792", "旧版本作答（不计入试题分析）", "attempts at earlier versions (not in the item analysis)"),
    Message("X1793", "试题分析", "Item analysis"),
    Message("X1794", "首次作答人数", "learners answering for the first time"),
    Message("X1795", "难度（答对比例）", "difficulty (share correct)"),
    Message("X1796", "区分度（点二列相关）", "discrimination (point-biserial)"),
    Message("X1797", "选择干扰项 {letter}", "chose distractor {letter}"),
    Message("X1798", "待修订", "To revise"),
    Message("X1799", "原因", "reason"),
    Message("X1800", "{subject} 第 {number} 题（{id}）", "{subject} question {number} ({id})"),
    Message("X1801", "第 {number} 题（{id}）：{answers} 人首次作答，难度 {difficulty}，区分度 {discrimination}{picks}",
            "question {number} ({id}): {answers} first answers, difficulty {difficulty}, discrimination {discrimination}{picks}"),
    Message("X1802", "，错误选项 {picks}", ", wrong options {picks}"),
    Message("X1803", "{letter} {count} 次", "{letter} {count} times"),
    Message("X1804", "{title}（{id}），{count} 人首次作答当前版本", "{title} ({id}), {count} first answers to the current version"),
    Message("X1805", "待修订的试题", "Questions to revise"),
    Message("X1806", "没有需要修订的试题（每题至少 {count} 人首次作答后才判断）。",
            "No question to revise (a question is judged once {count} learners have answered it)."),
    Message("X1807", "部分|对象|指标|数值|位置|已验证|本人填写", "section|subject|measure|value|where|verified|self-declared"),
    Message("X1808", "已跳过的记录", "Statements left out"),
    Message("X1809", "条数", "count"),
    Message("X1810", "{title}（{id}）", "{title} ({id})"),
    Message("X1811", "{title}（{id}，第 {version} 版）", "{title} ({id}, version {version})"),
    Message("X1812", "{measure}：{value}", "{measure}: {value}"),
    Message("X1813", "{where}：{title} 第 {number} 题（{id}）：{flag}", "{where}: {title} question {number} ({id}): {flag}"),
    Message("X1814", "偏难：只有 {share} 答对", "too hard: only {share} correct"),
    Message("X1815", "偏易：{share} 答对", "too easy: {share} correct"),
    Message("X1816", "区分度为负（{value}）：总分低的学员反而更常答对，请检查答案",
            "negative discrimination ({value}): learners with lower totals answer it right more often; check the answer"),
    Message("X1817", "区分度低（{value}）", "low discrimination ({value})"),
    Message("X1818", "干扰项 {letter}（{choice}）比正确答案更常被选（{picks} 次）",
            "distractor {letter} ({choice}) is chosen more often than the right answer ({picks} times)"),
    Message("X1819", "未完成", "not finished"),
    Message("X1820", "没有实操成绩", "no classroom score"),
    Message("X1821", "未通过", "not passed"),
    Message("X1822", "全部学员", "all learners"),
    Message("X1823", "开始学习后第几天完成整条路径（累计完成比例）；{started} 人开始，{finished} 人完成{target}",
            "day after starting on which the whole path was finished (cumulative share); {started} started, "
            "{finished} finished{target}"),
    Message("X1824", "，目标 {days} 天内", ", target {days} days"),
    Message("X1825", "目标 {days} 天", "target {days} days"),
    Message("X1826", "{label}作答：{attempts} 次中 {passed} 次通过（{share}）", "{label}: {passed} of {attempts} passed ({share})"),
    Message("X1827", "每位学员第几次作答的通过率；共 {attempts} 次作答", "pass rate by each learner's attempt number; {attempts} attempts"),
    Message("X1828", "第 {number} 题（{id}）：难度 {difficulty}，区分度 {discrimination}，{answers} 人首次作答{flags}",
            "question {number} ({id}): difficulty {difficulty}, discrimination {discrimination}, {answers} first answers{flags}"),
    Message("X1829", "每道题的难度（答对比例）和区分度；{count} 人首次作答当前版本，阴影为需要修订的范围",
            "difficulty (share correct) and discrimination of each question; {count} first answers to the current "
            "version, shaded where a question needs revising"),
    Message("X1830", "{name}：平均 {mean} 分，满分 {points} 分（{share}）", "{name}: mean {mean} of {points} points ({share})"),
    Message("X1831", "{kind}：{title}（{id}）", "{kind}: {title} ({id})"),
    Message("X1832", "每个评分项的平均得分占满分的比例；{attempts} 次，{passed} / {learners} 人通过",
            "mean score of each criterion as a share of its points; {attempts} attempts, {passed} / {learners} passed"),
    Message("X1833", "【{title}】", "[{title}]"),
)
CATALOGUE: dict[str, Message] = {message.code: message for message in _MESSAGES}

# What a reference or an id names: Chinese, English with its article, English plain.
KINDS = {
    "tier": ("层级", "a tier", "tier"),
    "dimension": ("能力维度", "a dimension", "dimension"),
    "competency": ("胜任力", "a competency", "competency"),
    "audience": ("受众", "an audience", "audience"),
    "format": ("授课形式", "a format", "format"),
    "course": ("课程", "a course", "course"),
    "course or path": ("课程或路径", "a course or path", "course or path"),
    "quiz bank": ("题库", "a quiz bank", "quiz bank"),
    "rubric": ("评分表", "a rubric", "rubric"),
    "handbook": ("手册", "a handbook", "handbook"),
    "learning path": ("学习路径", "a learning path", "learning path"),
    "tag": ("课程标签", "a tag of any course", "tag"),
    "question": ("题目", "a question", "question"),
    "criterion": ("评分项", "a criterion", "criterion"),
    "step course": ("路径步骤中的课程", "a step course", "step course"),
    "scenario": ("情景模拟", "a scenario", "scenario"),
    "cohort": ("培训班", "a cohort", "cohort"),
    "survey": ("问卷", "a survey", "survey"),
    "survey item": ("问卷题目", "a survey item", "survey item"),
    "case": ("案例", "a case", "case"),
}


def kind_args(kind: str, article: bool = True, within: str = "") -> dict[str, str]:
    """`kind` (Chinese) and `kind_en` (English, with its article for “is not a …”) for R401/R402; `within`
    names the bank, rubric or path an id must be unique in."""
    zh, en_article, en = KINDS[kind]
    if within:
        return {"kind": f"“{within}”中的{zh}", "kind_en": f"{en} (in '{within}')"}
    return {"kind": zh, "kind_en": en_article if article else en}
assert len(CATALOGUE) == len(_MESSAGES), "message codes are unique"


def counted(count: int, noun: str) -> str:
    """English: 1 rubric, 2 rubrics, 1 quiz bank."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def text(code: str, **args: Any) -> str:
    message = CATALOGUE[code]
    return (message.en if _language == "en" else message.zh).format(**args)


def os_error_reason(error: OSError) -> str:
    """Why the system refused a file operation, in the reader's language, with the file it concerned."""
    codes = {errno.ENOSPC: "P1016", errno.EDQUOT: "P1017", errno.EROFS: "P1018", errno.EACCES: "P1019",
             errno.EPERM: "P1019", errno.ENOENT: "P1020", errno.EIO: "P1021", errno.ENOTDIR: "P1022",
             errno.EEXIST: "P1023", errno.EISDIR: "P1024"}
    code = codes.get(error.errno or 0)
    reason = text(code) if code else (error.strerror or str(error))
    where = f" ({error.filename})" if error.filename else ""
    return f"{reason}{where}"


def describe(value: Any) -> str:
    """How a found value is named in messages."""
    zh = _language != "en"
    if value is None:
        return "空值" if zh else "nothing"
    if isinstance(value, bool):
        return (f"布尔值 {str(value).lower()}") if zh else f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"数字 {value}" if zh else f"the number {value}"
    if isinstance(value, str):
        return f"“{value}”" if zh else f"'{value}'"
    if isinstance(value, list):
        return "列表" if zh else "a list"
    if isinstance(value, dict):
        return "映射" if zh else "a mapping"
    if isinstance(value, (bytes, bytearray)):  # a !!binary value
        return "二进制数据" if zh else "binary data"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"日期 {value.isoformat()}" if zh else f"the date {value.isoformat()}"
    return f"{type(value).__name__} 类型的值" if zh else f"a value of type {type(value).__name__}"


def one_of(values: Iterable[str]) -> str:
    values = list(values)
    if not values:
        return "（未定义）" if _language != "en" else "(none defined)"
    return ("、" if _language != "en" else ", ").join(values)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if not close:
        return ""
    return f"；是不是“{close[0]}”？" if _language != "en" else f"; did you mean '{close[0]}'?"
