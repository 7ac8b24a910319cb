"""tools/test.py --int8: scores close to the float test; refused under a launcher."""
from pathlib import Path

import numpy as np
from inference_helpers import run_script, save_random_checkpoint

from stgcn_kit.evaluation.result_record import stack_records
from stgcn_kit.utils import load_pickle

REPO = Path(__file__).resolve().parents[2]
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'
TOOL = 'tools/test.py'


def _scores(path):
    return stack_records(load_pickle(str(path)))[0]


def test_int8_scores_follow_the_float_test(tiny_options, tmp_path):
    checkpoint = save_random_checkpoint(TINY_CONFIG, tmp_path / 'w.pth')
    common = [TINY_CONFIG, checkpoint, '--eval', 'top_k_accuracy', '--cfg-options',
              *tiny_options]
    assert run_script(TOOL, *common, '--work-dir', tmp_path / 'f',
                      '--out', tmp_path / 'float.pkl') == 0
    assert run_script(TOOL, *common, '--work-dir', tmp_path / 'q', '--out',
                      tmp_path / 'int8.pkl', '--int8', '--int8-calib-batches', '2') == 0
    expected, scores = _scores(tmp_path / 'float.pkl'), _scores(tmp_path / 'int8.pkl')
    assert scores.shape == expected.shape == (10, 10)
    # the clip-averaged probabilities of this random model span 0.07-0.14; int8 rounding moved
    # them by 4e-5 (0.06% of that span) when measured
    assert np.abs(scores - expected).max() < 0.01 * np.ptp(expected)
    assert (scores.argmax(1) == expected.argmax(1)).mean() >= 0.9
    assert not np.array_equal(scores, expected)  # int8 really ran


def test_int8_refuses_a_launcher(capsys):
    assert run_script(TOOL, TINY_CONFIG, 'w.pth', '--int8', '--launcher', 'pytorch') != 0
    assert '--int8 runs in one CPU process' in capsys.readouterr().err
