"""Input and output options of the dataset converters (``tools/data/*_gendata.py``), under this
toolbox's spellings and the original ST-GCN converters' (``--data_path``, ``--out_folder``), so
a command line written for ``tools/kinetics_gendata.py`` or ``tools/ntu_gendata.py`` of the
original repository (or mmaction2's ``--out-folder``) runs here too."""
import argparse
import os


def add_converter_paths(parser: argparse.ArgumentParser, data_help: str,
                        out_example: str) -> None:
    """``--data-path`` (alias ``--data_path``) and one of ``--out FILE`` or ``--out-folder DIR``
    (alias ``--out_folder``), the folder the original converters wrote into; read them back with
    :func:`output_path`."""
    parser.add_argument('--data-path', '--data_path', dest='data_path', required=True,
                        help=data_help)
    out = parser.add_mutually_exclusive_group(required=True)
    out.add_argument('--out', help=f'output pickle, e.g. {out_example}')
    out.add_argument('--out-folder', '--out_folder', dest='out_folder', metavar='DIR',
                     help='the original ST-GCN converters\' option: write the pickle into DIR '
                     'under the name the configs read (e.g. ' + os.path.basename(out_example)
                     + ')')


def output_path(args: argparse.Namespace, name: str) -> str:
    """The output pickle: ``--out``, or ``name`` in ``--out-folder`` (the folder is created)."""
    if args.out is not None:
        return args.out
    os.makedirs(args.out_folder, exist_ok=True)
    return os.path.join(args.out_folder, name)
