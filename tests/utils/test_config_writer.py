"""Config source from values: what mmengine reads back is the value, whatever strings it holds,
and the source runs nothing but dict() calls."""
import math

import numpy as np
import pytest
from mmengine.config import Config

from stgcn_kit.utils.config_writer import WIDTH, Code, config_source, literal

STRINGS = ["plain", "it's", 'say "hi"', "'''", '"""', 'line\nbreak\r', 'back\\slash\\',
           '{{ fileDirname }}', '{{$HOME:x}}', '{{_base_.model}}', '{{{', '}}}', '\u2028',
           "')\n__import__('os').system('echo ran')\n#"]
VALUE = dict(
    model=dict(type='STGCN', graph_cfg=dict(layout=dict(num_node=3, names=STRINGS[:3])),
               ratio=-0.5, big=10 ** 20, flag=True, nothing=None, one=(1,), pair=(1, 2)),
    # keys that are no keyword argument: Python keywords, non-identifiers, ints
    mapping={'class': 1, 'a b': 2, 7: 'seven', 'lambda': [1, [2, [3]]], **{s: s for s in STRINGS}},
    pipeline=[dict(type='T', value=s) for s in STRINGS] + [dict(type='Long', x=list(range(60)))])


def _read_back(tmp_path, source: str) -> dict:
    path = tmp_path / 'c.py'
    path.write_text(source)
    return Config.fromfile(str(path)).to_dict()


def test_every_value_reads_back_as_written(tmp_path, capfd):
    source = config_source(VALUE, ['# header ' + literal(STRINGS[-1])])
    assert _read_back(tmp_path, source) == VALUE
    assert 'ran' not in capfd.readouterr().out
    assert '{{' not in source
    assert max(len(line) for line in source.splitlines()) <= WIDTH


def test_numpy_numbers_are_written_as_python_numbers(tmp_path):
    value = dict(a=np.int64(3), b=np.float32(0.25))
    assert _read_back(tmp_path, config_source(value)) == dict(a=3, b=0.25)


@pytest.mark.parametrize('bad', [math.nan, math.inf, object(), {1, 2}, b'bytes'])
def test_values_without_a_literal_are_refused(bad):
    with pytest.raises(ValueError, match='cannot write'):
        config_source(dict(x=bad))


def test_the_source_may_run_nothing_but_dict():
    # a Code value is the writer's own; a slip that calls anything else is caught
    with pytest.raises(ValueError, match='would run'):
        config_source(dict(x=Code("__import__('os')")))
    with pytest.raises(ValueError, match='would run'):
        config_source(dict(x=Code('[v for v in range(3)]')))
    with pytest.raises(ValueError, match='template'):
        config_source(dict(x=Code("'{{ fileBasename }}'")))
    assert config_source(dict(x=Code("'{{ fileDirname }}' + '/a'"))) == (
        "x = '{{ fileDirname }}' + '/a'\n")


@pytest.mark.parametrize('header', ['not a comment', '# two\nlines', '# carriage\r'])
def test_header_lines_must_be_single_comments(header):
    with pytest.raises(ValueError, match='comment line'):
        config_source(dict(x=1), [header])


@pytest.mark.parametrize('name', ['class', 'a b', '__x', "x = 1; y"])
def test_top_level_names_must_be_plain_identifiers(name):
    with pytest.raises(ValueError, match='config name'):
        config_source({name: 1})
