"""Prints how many inputs the fuzz tests tried per reader at the end of the session."""
from fuzzing import EXAMPLES, TRIED


def pytest_terminal_summary(terminalreporter) -> None:
    if not TRIED:
        return
    budget = f'FUZZ_EXAMPLES={EXAMPLES}' if EXAMPLES else 'default budget, fixed seed'
    terminalreporter.write_sep('-', f'fuzz inputs tried per reader ({budget})')
    for reader, count in sorted(TRIED.items()):
        terminalreporter.write_line(f'{reader:<28} {count}')
