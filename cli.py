"""lawlint command line: `lawlint check PATH...`, `lawlint rules [ID]` (also `python cli.py ...`)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path

from checkers import __version__
from checkers.config import FAIL_LEVELS
from checkers.kind import KINDS
from checkers.runner import DEFAULT_MAX_BYTES, RunResult

EXIT_OK, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2
FORMATS = ("text", "json", "sarif", "junit", "github", "html")
DEFAULT_TIMEOUT = 60.0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lawlint", description="行政规范性文件、合同、执法文书合法性检查 / legal-document compliance checker")
    parser.add_argument("--version", action="version", version=f"lawlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查文件或目录 / check files or folders")
    check.add_argument("paths", nargs="+", metavar="PATH", help=".docx/.pdf/.txt 文件或目录（递归）")
    check.add_argument("--format", choices=FORMATS, default="text", help="报告格式 / report format (default text)")
    check.add_argument("--output", "-o", metavar="FILE", help="写入文件而非标准输出 / write the report to FILE")
    check.add_argument("--report", "--output-format", action="append", default=[], metavar="FORMAT:FILE",
                       help="另写一份报告，可重复，如 sarif:lawlint.sarif / an extra report; repeatable")
    check.add_argument("--kind", choices=KINDS, help="指定文件类型，不自动识别 / override kind detection")
    check.add_argument("--fail-on", choices=tuple(FAIL_LEVELS),
                       help="退出码为1的最低问题级别（默认 error）/ lowest severity that makes the exit code 1")
    check.add_argument("--config", metavar="FILE",
                       help="配置文件（默认从检查路径向上查找 lawlint.toml 或 pyproject.toml [tool.lawlint]）")
    check.add_argument("--max-size", type=float, metavar="MB",
                       help=f"单个文件大小上限（MB，默认{DEFAULT_MAX_BYTES // 1024 // 1024}）/ per-file size limit")
    check.add_argument("--jobs", "-j", type=int, metavar="N",
                       help="并行进程数（默认：8份以上文件时用全部CPU）/ processes (default: all cores, 8+ files)")
    check.add_argument("--timeout", type=float, metavar="SECONDS",
                       help=f"单个文件检查时限（默认{DEFAULT_TIMEOUT:g}秒，0 不限）/ per-document time limit")
    check.add_argument("--dask", metavar="ADDRESS", help="在 Dask 集群上检查 / run on a Dask scheduler")
    check.add_argument("--ship-files", action="store_true",
                       help="把文件内容发给 Dask 工作节点（无共享路径时）/ send file bytes to the workers")
    check.add_argument("--baseline", metavar="FILE", help="只对基线之外的新问题报错 / fail only on new findings")
    check.add_argument("--write-baseline", metavar="FILE", help="把当前问题写成基线 / record findings as a baseline")
    check.add_argument("--changed-since", metavar="GIT_REF", help="只检查自该 git 引用以来改动的文件")
    check.add_argument("--no-progress", action="store_true", help="不显示进度条 / no progress bar")
    check.add_argument("--record", action="store_true",
                       help="把本次结果记入登记库（默认配置旁的 lawlint.db）/ store the run in the registry")
    check.add_argument("--registry", metavar="URL",
                       help="登记库的 SQLAlchemy URL，如 postgresql://… / the registry database URL")
    rules = commands.add_parser("rules", help="列出规则，或解释一条规则 / list rules or explain one")
    rules.add_argument("rule_id", nargs="?", metavar="ID", help="规则 ID，如 norm.sets-fee")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    rules.add_argument("--config", metavar="FILE", help="按配置列出启用的规则与级别 / apply a config")
    serve = commands.add_parser("serve", help="启动自查网页服务 / start the upload web service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--max-upload-mb", type=float, default=20.0, metavar="MB", help="单次上传上限（默认20）")
    serve.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS", help="单个文件检查时限")
    serve.add_argument("--config", metavar="FILE", help="配置文件 / config file")
    annotate = commands.add_parser("annotate", help="生成带批注的 Word 副本 / write a copy with Word comments")
    annotate.add_argument("source", metavar="IN.docx")
    annotate.add_argument("--output", "-o", required=True, metavar="OUT.docx")
    annotate.add_argument("--kind", choices=KINDS)
    annotate.add_argument("--config", metavar="FILE", help="配置文件 / config file")
    registry = commands.add_parser("registry", help="登记库：跨文件检查、导出台账 / the registry: checks and exports")
    actions = registry.add_subparsers(dest="action", required=True)
    cross = actions.add_parser("check", help="跨文件检查（重复文号、有效期、合同清理、缺号）/ cross-document checks")
    export = actions.add_parser("export", help="导出台账和文书 / export a ledger or document")
    export.add_argument("export_kind", metavar="KIND",
                        choices=("filing", "notice", "contracts", "cases", "letters", "decisions", "publicity"),
                        help="filing|notice|contracts|cases|letters|decisions|publicity")
    export.add_argument("--period", metavar="PERIOD", help="期间，如 2019Q1、2019-03、2019")
    export.add_argument("--unit", metavar="NAME", help="只导出该单位 / one unit only")
    export.add_argument("--out", required=True, metavar="FILE", help="输出文件（letters 可为目录）")
    mark = actions.add_parser("mark", help="登记标注，如合同清理状态 / note e.g. a contract's cleanup")
    mark.add_argument("key", metavar="KEY", help="合同编号或文件路径 / contract number or path")
    mark.add_argument("name", metavar="NAME", choices=("cleanup",), help="cleanup")
    mark.add_argument("value", metavar="VALUE", help="如 已清理 / e.g. 已清理")
    for sub in (cross, export, mark):
        sub.add_argument("--registry", metavar="URL", help="登记库 URL（默认配置旁的 lawlint.db）")
        sub.add_argument("--config", metavar="FILE", help="配置文件 / config file")
    cross.add_argument("--format", choices=("text", "json"), default="text")
    cross.add_argument("--fail-on", choices=tuple(FAIL_LEVELS), default="error")
    return parser


def exit_code(run: RunResult, fail_on: str) -> int:
    from checkers.triage import counts_against

    if any(d.error for d in run.documents):
        return EXIT_TROUBLE
    failing = FAIL_LEVELS[fail_on]
    if any(f.severity in failing and counts_against(f) for d in run.documents for f in d.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def load_project_config(start: Path, explicit: bool):
    from checkers.config import load_config, load_config_file
    from checkers.rulebook import load_registry_rules, load_rules

    known = {rule.id: set(rule.settings) for rule in load_rules() + load_registry_rules()}
    return load_config_file(start, known) if explicit else load_config(start, known)


def checker_for(start: Path, explicit: bool):
    """The checker configured by the nearest lawlint.toml / [tool.lawlint] (or the file given)."""
    from checkers.project import checker_for_spec, spec_of

    return checker_for_spec(spec_of(load_project_config(start, explicit)))


def render(report_format: str, run: RunResult, rules, colour: bool = False, root: Path | None = None) -> str:
    from checkers.report import github_report, json_report, junit_report, sarif_report, text_report

    if report_format == "html":
        from checkers.report import html_report

        texts = {d.path: html_report.paragraph_texts(d.path) for d in run.documents if not d.error}
        return html_report.render(run, rules, root, texts)
    if report_format == "json":
        return json_report.render(run)
    if report_format == "sarif":
        return sarif_report.render(run, rules)
    if report_format == "junit":
        return junit_report.render(run)
    if report_format == "github":
        return github_report.render(run)
    return text_report.render(run, colour=colour)


def parse_reports(values: list[str]) -> list[tuple[str, str]]:
    reports = []
    for value in values:
        report_format, _, path = value.partition(":")
        if report_format not in FORMATS or not path:
            raise ValueError(f"--report 应写成 FORMAT:FILE，FORMAT 为 {'/'.join(FORMATS)} / "
                             f"expected FORMAT:FILE, got {value!r}")
        reports.append((report_format, path))
    return reports


def fail(message: str) -> int:
    print(f"lawlint: {message}", file=sys.stderr)
    return EXIT_TROUBLE


def command_check(args: argparse.Namespace) -> int:
    from checkers.baseline import BaselineError, read_baseline, write_baseline
    from checkers.batch import BatchOptions, run_batch
    from checkers.config import ConfigError
    from checkers.gitfiles import GitError, changed_files
    from checkers.progress import progress_bar, progress_wanted
    from checkers.project import selected_rules, spec_of
    from checkers.runner import Selection, missing_paths
    from checkers.triage import baseline_entries, triage

    missing = missing_paths(args.paths)
    if missing:
        for path in missing:
            print(f"lawlint: 路径不存在 / no such file or directory: {path}", file=sys.stderr)
        return EXIT_TROUBLE
    try:
        reports = parse_reports(args.report)
        config = load_project_config(Path(args.config) if args.config else Path(args.paths[0]), bool(args.config))
    except ConfigError as error:
        return fail(f"配置错误 / configuration error: {error}")
    except ValueError as error:
        return fail(str(error))
    if args.ship_files and not args.dask:
        return fail("--ship-files 只与 --dask 一起使用 / --ship-files needs --dask")
    try:
        baseline = read_baseline(Path(args.baseline)) if args.baseline else None
        only = changed_files(args.changed_since, Path(args.paths[0])) if args.changed_since else None
    except (BaselineError, GitError) as error:
        return fail(str(error))

    spec = spec_of(config)
    jobs = args.jobs if args.jobs is not None else config.jobs
    if jobs is not None and jobs < 1:
        return fail("--jobs 应为正整数 / --jobs must be at least 1")
    timeout = args.timeout if args.timeout is not None else config.timeout or DEFAULT_TIMEOUT
    max_size = args.max_size if args.max_size is not None else config.max_size or DEFAULT_MAX_BYTES / 1024 / 1024
    options = BatchOptions(spec=spec, kind=args.kind, max_bytes=int(max_size * 1024 * 1024), jobs=jobs,
                           timeout=timeout or None, dask_address=args.dask, ship_files=args.ship_files)
    selection = Selection(root=config.root, include=tuple(config.include), exclude=tuple(config.exclude),
                          only=only)
    registry, recording_failed = None, False
    if args.record or args.registry:
        from checkers.registry.store import Registry, RegistryError, content_hash, default_url, ruleset_version

        try:
            registry = Registry(args.registry or default_url(config.root))
        except RegistryError as error:
            return fail(str(error))
        version = ruleset_version(spec, args.kind)
        hashes: dict[str, str | None] = {}

        def reuse(path: str):
            hashes[path] = content_hash(path)
            return registry.reusable(hashes[path], version, path)
    started_at = datetime.now()
    with progress_bar(not args.no_progress and progress_wanted()) as hooks:
        result = run_batch(args.paths, options, selection, hooks.on_start, hooks.on_result,
                           reuse if registry else None)
    triage(result, config.root, config.suppressions, baseline)
    if registry is not None:
        try:
            registry.record(result, hashes, version, args.paths, started_at, result.reused, config.root)
        except Exception as error:  # the report below is still written: nothing checked is lost
            print(f"lawlint: 登记库写入失败 / could not record the run: {error}", file=sys.stderr)
            recording_failed = True
        else:
            print(f"lawlint: 已记入登记库 / recorded in {registry.url} "
                  f"({len(result.documents)} documents, {result.reused} unchanged and reused)", file=sys.stderr)
    if args.write_baseline:
        write_baseline(Path(args.write_baseline), baseline_entries(result, config.root), __version__)
        print(f"lawlint: 已写入基线 / baseline written: {args.write_baseline} "
              f"({len(baseline_entries(result, config.root))} findings)", file=sys.stderr)

    rules = selected_rules(spec)
    to_terminal = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    main_output = render(args.format, result, rules, colour=to_terminal and args.format == "text", root=config.root)
    for report_format, path in reports:
        Path(path).write_text(render(report_format, result, rules, root=config.root), encoding="utf-8")
    if args.output:
        Path(args.output).write_text(main_output, encoding="utf-8")
    else:
        sys.stdout.write(main_output)
    code = exit_code(result, args.fail_on or config.fail_on or "error")
    return EXIT_TROUBLE if recording_failed else code


def command_rules(args: argparse.Namespace) -> int:
    from checkers.config import ConfigError
    from checkers.project import selected_rules, spec_of
    from checkers.report import rules_report

    try:
        config = load_project_config(Path(args.config) if args.config else Path.cwd(), bool(args.config))
    except ConfigError as error:
        return fail(f"配置错误 / configuration error: {error}")
    from checkers.rulebook import load_registry_rules

    rules = selected_rules(spec_of(config)) + load_registry_rules()  # per document, then across the registry
    as_json = args.format == "json"
    if args.rule_id is None:
        sys.stdout.write(rules_report.render_list(rules, as_json))
        return EXIT_OK
    from checkers.rulebook import load_rules

    every = load_rules() + load_registry_rules()
    chosen = [r for r in rules if r.id == args.rule_id] or [r for r in every if r.id == args.rule_id]
    if not chosen:
        close = [r.id for r in every if args.rule_id in r.id]
        hint = f"；相近 similar: {', '.join(close[:5])}" if close else ""
        return fail(f"没有这条规则 / no such rule: {args.rule_id}{hint}")
    sys.stdout.write(rules_report.render_one(chosen[0], as_json))
    return EXIT_OK


def command_registry(args: argparse.Namespace) -> int:
    from checkers.config import ConfigError
    from checkers.registry.store import Registry, RegistryError, default_url

    try:
        config = load_project_config(Path(args.config) if args.config else Path.cwd(), bool(args.config))
    except ConfigError as error:
        return fail(f"配置错误 / configuration error: {error}")
    url = args.registry or default_url(config.root)
    if not args.registry and not (config.root / "lawlint.db").is_file():
        return fail(f"没有登记库 / no registry at {url}: 先运行 lawlint check --record")
    try:
        registry = Registry(url)
    except RegistryError as error:
        return fail(str(error))
    if args.action == "mark":
        registry.mark(args.key, args.name, args.value)
        print(f"lawlint: {args.key} {args.name} = {args.value}", file=sys.stderr)
        return EXIT_OK
    if args.action == "export":
        from checkers.registry.exports import export
        from checkers.registry.queries import PeriodError, parse_period

        try:
            period = parse_period(args.period) if args.period else None
            written = export(args.export_kind, registry.engine, Path(args.out), period, args.unit)
        except (PeriodError, ValueError) as error:
            return fail(str(error))
        print(f"lawlint: 已导出 / exported {args.export_kind}: {args.out} ({written} documents)", file=sys.stderr)
        return EXIT_OK
    from checkers.registry.crossdoc import check_registry
    from checkers.registry.queries import latest_documents
    from checkers.report import registry_report

    found = check_registry(registry.engine, settings_override=config.rule_settings)
    documents = len(latest_documents(registry.engine))
    render = registry_report.render_json if args.format == "json" else registry_report.render_text
    sys.stdout.write(render(found, url, documents))
    failing = FAIL_LEVELS[args.fail_on]
    return EXIT_FINDINGS if any(f.severity in failing for f in found) else EXIT_OK


def command_serve(args: argparse.Namespace) -> int:
    from checkers.config import ConfigError
    from checkers.project import spec_of

    try:
        config = load_project_config(Path(args.config) if args.config else Path.cwd(), bool(args.config))
    except ConfigError as error:
        return fail(f"配置错误 / configuration error: {error}")
    import uvicorn

    from checkers.web.app import create_app
    from checkers.web.service import ServeSettings

    settings = ServeSettings(max_upload_bytes=int(args.max_upload_mb * 1024 * 1024), timeout=args.timeout,
                             spec=spec_of(config))
    print(f"lawlint: 自查服务 / serving on http://{args.host}:{args.port}/", file=sys.stderr)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
    return EXIT_OK


def command_annotate(args: argparse.Namespace) -> int:
    from checkers.config import ConfigError
    from checkers.parsing import ParseError
    from checkers.runner import check_file

    source, out = Path(args.source), Path(args.output)
    if not source.is_file():
        return fail(f"路径不存在 / no such file: {source}")
    if out.resolve() == source.resolve():
        return fail("输出文件不能覆盖原文件 / the output must not overwrite the original")
    try:
        checker = checker_for(Path(args.config) if args.config else source, bool(args.config))
    except ConfigError as error:
        return fail(f"配置错误 / configuration error: {error}")
    result = check_file(str(source), checker, args.kind)
    if result.error:
        return fail(f"{source}: {result.error}")
    from checkers.annotate import annotate_docx

    findings = [f for f in result.findings if f.suppressed is None]
    try:
        report = annotate_docx(source, findings, out)
    except (ParseError, ValueError, OSError) as error:  # AnnotationError is a ValueError
        return fail(f"{source}: {error}")
    print(f"lawlint: 已写入批注版 / wrote {out}: {report.describe()}", file=sys.stderr)
    return EXIT_FINDINGS if result.findings else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits 2 on usage errors, 0 on --help
        return int(stop.code or 0)
    if args.command == "check":
        return command_check(args)
    if args.command == "rules":
        return command_rules(args)
    if args.command == "registry":
        return command_registry(args)
    if args.command == "serve":
        return command_serve(args)
    if args.command == "annotate":
        return command_annotate(args)
    parser.error(f"unknown command {args.command}")
    return EXIT_TROUBLE


if __name__ == "__main__":
    sys.exit(main())
