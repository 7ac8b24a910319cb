"""tools/data/subset_split.py --match on real NW-UCLA sequences: each training view a split of
its own, the other splits unchanged; misuse ends with argparse's usage error."""
import subprocess
import sys
from pathlib import Path

import pytest

from stgcn_kit.utils.io import load_pickle

TOOL = Path(__file__).resolve().parents[3] / 'tools' / 'data' / 'subset_split.py'


def run(*args):
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True,
                          text=True)


def test_match_adds_one_split_per_training_view(tiny_nwucla, tmp_path):
    out = tmp_path / 'views.pkl'
    result = run(tiny_nwucla, '--match', 'view1=_v01$', 'view2=_v02$', '--out', out)
    assert result.returncode == 0, result.stderr
    before, after = load_pickle(str(tiny_nwucla)), load_pickle(str(out))
    train = before['split']['train']
    assert after['split']['view1'] == [n for n in train if n.endswith('_v01')]
    assert after['split']['view2'] == [n for n in train if n.endswith('_v02')]
    assert after['split']['view1'] and after['split']['view2']
    assert sorted(after['split']['view1'] + after['split']['view2']) == sorted(train)
    assert {k: after['split'][k] for k in before['split']} == before['split']


@pytest.mark.parametrize('args, message', [
    (['--match', 'view1'], "--match 'view1': write NAME=REGEX"),
    ([], 'give --fraction or --match'),
    (['--fraction', '0.5', '--match', 'v=_v01$'], 'give --fraction or --match'),
])
def test_misuse_is_a_usage_error(tiny_nwucla, tmp_path, args, message):
    result = run(tiny_nwucla, *args, '--out', tmp_path / 'o.pkl')
    assert result.returncode == 2 and message in result.stderr
    assert not (tmp_path / 'o.pkl').exists()
