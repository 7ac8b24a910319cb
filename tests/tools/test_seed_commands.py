"""The seeds' config names given to the real tools (docs/seed_commands.md): each runs our config
for it after one line naming it, and every config name of that page and of the recipe cards
resolves to an existing config file."""
import re
from pathlib import Path

import pytest
import yaml
from inference_helpers import run_script

from stgcn_kit.apis.cli import resolve_config_path
from stgcn_kit.errors import ConfigError
from stgcn_kit.utils.config import find_seed

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / 'docs' / 'seed_commands.md'
# a seed's config in a command: the original ST-GCN's yaml, a configs/... path, a bare page name
CONFIG_TOKEN = re.compile(r'(?:^|\s)((?:\S*config/st_gcn/\S+\.yaml)|(?:configs/\S+\.py)'
                          r'|(?:slowonly_\w+?(?:\.py)?))(?=\s|$)')


def _rows():
    """(their command, our command, what differs) of every row with a counterpart here."""
    rows = []
    for line in PAGE.read_text().splitlines():
        cells = [c.strip() for c in line.strip('|').split('|')]
        if len(cells) == 4 and cells[0] not in ('seed', '---') and cells[2] != 'none':
            rows.append(cells[1:])
    return rows


def _page_names():
    names = []
    for theirs, ours, differs in _rows():
        mapped = re.search(r'maps to `([^`]+)`', differs)
        for command in (theirs, ours):
            for code in re.findall(r'`([^`]+)`', command):
                for name in CONFIG_TOKEN.findall(code):
                    names.append((name, mapped.group(1) if mapped else None))
    return names


def test_the_page_lists_the_original_yaml_of_every_dataset_for_training_and_testing():
    names = {name for name, _ in _page_names()}
    assert {f'config/st_gcn/{d}/{phase}.yaml' for d in ('kinetics-skeleton', 'ntu-xsub',
            'ntu-xview') for phase in ('train', 'test')} <= names
    assert 'configs/skeleton/posec3d/slowonly_r50_u48_240e_gym_keypoint.py' in names


@pytest.mark.parametrize('name, mapped', _page_names(), ids=lambda v: str(v))
def test_every_config_name_of_the_page_resolves_to_an_existing_config(name, mapped, capsys):
    path = Path(resolve_config_path(name))
    assert path.is_file(), name
    ours = str(path.resolve().relative_to(REPO))
    if mapped is not None:  # the row says which file it maps to
        assert ours == mapped
    if not (REPO / name).is_file():  # a seed's name: one line says where it went
        assert capsys.readouterr().out == f'config {name} maps to {ours}\n'


def test_every_seed_config_of_the_cards_resolves_to_its_card():
    for metafile in sorted((REPO / 'configs').glob('*/metafile.yml')):
        for card in yaml.safe_load(metafile.read_text())['Models']:
            for seed in [card.get('Seed') or {}] + card.get('Same recipe', []):
                name = seed.get('Config', '')
                if name.endswith(('.py', '.yaml')):
                    assert find_seed(name)['Config'] == card['Config'], name
                    assert (REPO / card['Config']).is_file()


def test_train_runs_our_config_for_the_original_yaml(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # our config's data path (data/nturgb+d/...) is absent here
    code = run_script('tools/train.py', 'config/st_gcn/ntu-xsub/train.yaml',
                      '--work-dir', tmp_path / 'w')
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == ('config config/st_gcn/ntu-xsub/train.yaml maps to '
                                   'configs/stgcn/stgcn_original_ntu60_xsub_3d/j.py')
    # it went on with our config: the error names that config's annotation file
    assert code == 1 and err.strip().splitlines()[-1] == \
        'error: data/nturgb+d/ntu60_3danno.pkl: no such file'


def test_train_runs_our_config_for_an_mmaction2_page_name(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = run_script('tools/train.py', 'slowonly_r50_u48_240e_gym_limb',
                      '--work-dir', tmp_path / 'w')
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == ('config slowonly_r50_u48_240e_gym_limb maps to '
                                   'configs/posec3d/slowonly_r50_u48_240e_gym_limb.py')
    assert code == 1 and err.strip().splitlines()[-1] == \
        'error: data/posec3d/gym_train.pkl: no such file'


def test_test_maps_the_original_test_yaml(capsys, tmp_path):
    code = run_script('tools/test.py', 'config/st_gcn/kinetics-skeleton/test.yaml',
                      tmp_path / 'missing.pth')
    out, err = capsys.readouterr()
    assert out == ('config config/st_gcn/kinetics-skeleton/test.yaml maps to '
                   'configs/stgcn/stgcn_kinetics_skeleton/j.py\n')
    assert code == 1 and err.strip() == f'error: {tmp_path / "missing.pth"}: no such checkpoint'


@pytest.mark.parametrize('name, message', [
    ('config/st_gcn.twostream/ntu-xsub/train.yaml',
     'error: config/st_gcn.twostream/ntu-xsub/train.yaml: no such config file'),
    ('j.py', 'error: j.py names the seed configs of'),
    ('train.yaml', 'error: train.yaml names the seed configs of 3 of ours'),
])
def test_unknown_or_ambiguous_names_are_one_line_errors(capsys, tmp_path, name, message):
    code = run_script('tools/train.py', name, '--work-dir', tmp_path / 'w')
    out, err = capsys.readouterr()
    assert code == 1 and out == '' and err.strip().startswith(message)
    assert len(err.strip().splitlines()) == 1


def test_find_seed_refuses_an_ambiguous_bare_name():
    with pytest.raises(ConfigError, match='give its folders too'):
        find_seed('b.py')
