"""Messages of the commands: the command line, the build, publishing and printing."""

from __future__ import annotations

from generator.messages.message import Message

MESSAGES = (
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
)
