"""The everyday tools from an installed package, without a checkout:
``stgcn-kit TOOL ARGS...`` or ``python -m stgcn_kit TOOL ARGS...`` runs ``tools/<path>`` (the
copy the package ships, :mod:`stgcn_kit.utils.package_files`) as if it were run as a script,
so its options, messages and exit status are the script's."""
import runpy
import sys
from typing import Optional, Sequence

from stgcn_kit.apis.cli import report_errors
from stgcn_kit.utils.package_files import shipped_dir

TOOLS = {
    'train': 'train.py',
    'test': 'test.py',
    'ensemble': 'ensemble.py',
    'train_streams': 'train_streams.py',
    'custom_gendata': 'data/custom_gendata.py',
    'make_config': 'data/make_config.py',
    'convert_config': 'convert_config.py',
    'convert_checkpoint': 'convert_checkpoint.py',
    'publish_model': 'publish_model.py',
    'confusion_matrix': 'analysis/confusion_matrix.py',
    'plot_curves': 'analysis/plot_curves.py',
    'get_flops': 'analysis/get_flops.py',
}
USAGE = ('usage: stgcn-kit TOOL [ARGS...]  (or python -m stgcn_kit TOOL [ARGS...])\n'
         'tools: ' + ', '.join(TOOLS) + '\n'
         '`stgcn-kit TOOL --help` shows the options of one.')


@report_errors
def main(argv: Optional[Sequence[str]] = None) -> None:
    """Run the tool named by ``argv[0]`` (default: the command line) with the rest as its
    arguments; an unknown name exits with status 2 and the list of tools, a package without
    its tools folder with ``error: ...``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ('-h', '--help'):
        print(USAGE)
        raise SystemExit(0 if argv else 2)
    if argv[0] not in TOOLS:
        print(f'error: no tool {argv[0]!r}\n{USAGE}', file=sys.stderr)
        raise SystemExit(2)
    script = shipped_dir('tools') / TOOLS[argv[0]]
    sys.argv = [str(script), *argv[1:]]
    runpy.run_path(str(script), run_name='__main__')
