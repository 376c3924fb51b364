"""lawlint command line: `lawlint check PATH...` (also `python cli.py check PATH...`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from checkers import __version__
from checkers.kind import KINDS
from checkers.runner import DEFAULT_MAX_BYTES, RunResult

EXIT_OK, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2
FAIL_LEVELS = {"error": ("error",), "warning": ("error", "warning"),
               "info": ("error", "warning", "info"), "never": ()}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lawlint", description="行政规范性文件、合同、执法文书合法性检查 / legal-document compliance checker")
    parser.add_argument("--version", action="version", version=f"lawlint {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查文件或目录 / check files or folders")
    check.add_argument("paths", nargs="+", metavar="PATH", help=".docx/.pdf/.txt 文件或目录（递归）")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--kind", choices=KINDS, help="指定文件类型，不自动识别 / override kind detection")
    check.add_argument("--fail-on", choices=tuple(FAIL_LEVELS), default="error",
                       help="退出码为1的最低问题级别 / lowest severity that makes the exit code 1")
    check.add_argument("--output", "-o", metavar="FILE", help="写入文件而非标准输出 / write the report to FILE")
    check.add_argument("--config", metavar="FILE",
                       help="配置文件（默认从检查路径向上查找 lawlint.toml 或 pyproject.toml [tool.lawlint]）")
    check.add_argument("--max-size", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024, metavar="MB",
                       help="单个文件大小上限（MB，默认50）/ per-file size limit")
    return parser


def exit_code(run: RunResult, fail_on: str) -> int:
    if any(d.error for d in run.documents):
        return EXIT_TROUBLE
    failing = FAIL_LEVELS[fail_on]
    if any(f.severity in failing for d in run.documents for f in d.findings):
        return EXIT_FINDINGS
    return EXIT_OK


def checker_for(start: Path, explicit: bool):
    """The checker configured by the nearest lawlint.toml / [tool.lawlint] (or the file given)."""
    from checkers.checker import Checker, default_checker
    from checkers.config import load_config, load_config_file
    from checkers.rulebook import load_rules

    known = {rule.id: set(rule.settings) for rule in load_rules()}
    config = load_config_file(start, known) if explicit else load_config(start, known)
    if not config.rule_settings:
        return default_checker()
    return Checker(settings_override=config.settings_override())


def command_check(args: argparse.Namespace) -> int:
    from checkers.config import ConfigError
    from checkers.report import json_report, text_report
    from checkers.runner import missing_paths, run

    missing = missing_paths(args.paths)
    if missing:
        for path in missing:
            print(f"lawlint: 路径不存在 / no such file or directory: {path}", file=sys.stderr)
        return EXIT_TROUBLE
    try:
        checker = checker_for(Path(args.config) if args.config else Path(args.paths[0]), bool(args.config))
    except ConfigError as error:
        print(f"lawlint: 配置错误 / configuration error: {error}", file=sys.stderr)
        return EXIT_TROUBLE
    result = run(args.paths, checker, kind=args.kind, max_bytes=int(args.max_size * 1024 * 1024))
    if args.format == "json":
        output = json_report.render(result)
    else:
        to_terminal = args.output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
        output = text_report.render(result, colour=to_terminal)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(output)
    else:
        sys.stdout.write(output)
    return exit_code(result, args.fail_on)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse exits 2 on usage errors, 0 on --help
        return int(stop.code or 0)
    if args.command == "check":
        return command_check(args)
    parser.error(f"unknown command {args.command}")
    return EXIT_TROUBLE


if __name__ == "__main__":
    sys.exit(main())
