"""get_layout by name, dict, Layout and file; layout files read as data."""
import json
import re
from pathlib import Path

import pytest

from stgcn_kit.skeleton import LAYOUTS, Layout, get_layout, load_layout

TOY = dict(num_node=3, inward=[[1, 0], [2, 0]], center=0, flip_pairs=[[1, 2]])


def test_names_dicts_and_layouts():
    assert get_layout('coco') is LAYOUTS['coco']
    layout = get_layout(TOY)
    assert get_layout(layout) is layout and layout.flip_pairs == ((1, 2), )


@pytest.mark.parametrize('suffix', ['.json', '.yaml', '.yml'])
def test_layout_files(tmp_path, suffix):
    path = tmp_path / f'mine{suffix}'
    path.write_text(json.dumps(TOY))  # JSON is YAML too
    assert get_layout(str(path)) == load_layout(str(path)) == Layout.from_dict(TOY)


def test_errors_name_the_choices_and_the_file(tmp_path):
    with pytest.raises(ValueError) as err:
        get_layout('kinect')
    assert all(name in str(err.value) for name in LAYOUTS) and '.json' in str(err.value)
    with pytest.raises(ValueError, match='no such layout file'):
        get_layout(str(tmp_path / 'absent.json'))
    bad = tmp_path / 'bad.yaml'
    bad.write_text('num_node: 3\ninward: [[1, 0]]\n')
    with pytest.raises(ValueError, match=r"bad.yaml: .*missing: \['center'\]"):
        get_layout(str(bad))
    broken = tmp_path / 'broken.json'
    broken.write_text('{"num_node": ')
    with pytest.raises(ValueError, match='broken.json: cannot read'):
        load_layout(str(broken))
    with pytest.raises(ValueError, match='ends with'):
        load_layout(str(tmp_path / 'layout.py'))


def test_yaml_is_read_as_data_only(tmp_path):
    path = tmp_path / 'evil.yaml'
    path.write_text('!!python/object/apply:os.system ["echo hacked"]\n')
    with pytest.raises(ValueError, match='evil.yaml: cannot read'):
        load_layout(str(path))


def test_the_documented_layout_file_loads(tmp_path):
    doc = (Path(__file__).resolve().parents[2] / 'docs' / 'custom_dataset.md').read_text()
    block = re.search(r'```yaml\n(# my_layout.yaml.*?)```', doc, re.S).group(1)
    path = tmp_path / 'my_layout.yaml'
    path.write_text(block)
    layout = get_layout(str(path))
    assert layout.names[layout.origin] == 'chest'
    assert [layout.names[v] for v in layout.lateral] == ['right_shoulder', 'left_shoulder']
