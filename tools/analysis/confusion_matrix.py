"""Draw the row-normalised confusion matrix of a test result pickle, with class names.

    python tools/analysis/confusion_matrix.py result.pkl --label-map F --out cm.png
"""
import argparse

from stgcn_kit.apis import load_label_map
from stgcn_kit.apis.cli import add_trust_argument, report_errors
from stgcn_kit.evaluation import SaveConfusionMatrix
from stgcn_kit.evaluation.fusion import index_by_sample
from stgcn_kit.evaluation.result_files import checked_scores
from stgcn_kit.evaluation.result_record import RECORD_FORMAT
from stgcn_kit.utils import load_pickle


@report_errors
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('result', help=f'the --out pickle of tools/test.py ({RECORD_FORMAT})')
    parser.add_argument('--label-map', help='class names, one a line')
    parser.add_argument('--out', required=True, help='cm.png (picture) or cm.npy (counts)')
    add_trust_argument(parser)
    args = parser.parse_args()
    stream = index_by_sample(load_pickle(args.result, args.trust_pickle), args.result)
    num_classes = checked_scores(stream, args.result)[0].shape[1]
    records = list(stream.values())
    names = load_label_map(args.label_map) if args.label_map else None
    if names is not None and len(names) != num_classes:
        raise ValueError(f'{args.label_map}: {len(names)} names for {num_classes} classes')
    SaveConfusionMatrix(args.out, class_names=names).compute_metrics(records)
    print(f'{args.out}: confusion matrix of {len(records)} samples, {num_classes} classes')


if __name__ == '__main__':
    main()
