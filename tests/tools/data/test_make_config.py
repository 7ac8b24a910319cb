"""Configs written by make_config.py and custom_gendata.py, through the real tools: a file name
holding Python stays a string, and the config names its data relative to itself, so the folder
holding both can move."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
from mmengine.config import Config

from stgcn_kit.registry import DATASETS
from stgcn_kit.utils.io import dump_pickle

TOOLS = Path(__file__).resolve().parents[3] / 'tools' / 'data'
# a newline ends any comment the name lands in; then Python that leaves a file behind; quotes
# of every kind and mmengine's {{ }} templates (substituted in a config's text before parsing)
HOSTILE = ("x'\"'''\n__import__('builtins').open('ran', 'w')\n# {{ fileDirname }} "
           "{{$HOME:y}} {{_base_.z}}")


def _tool(name: str, *args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOLS / name), *map(str, args)], cwd=str(cwd),
                          capture_output=True, text=True)


def _pickle(path: Path) -> None:
    rng = np.random.default_rng(0)
    records = [dict(frame_dir=f's{i}', label=i % 2, total_frames=20,
                    keypoint=rng.normal(size=(1, 20, 20, 3)).astype('f4')) for i in range(6)]
    dump_pickle(dict(split=dict(train=['s0', 's1', 's2', 's3'], val=['s4', 's5']),
                     annotations=records), str(path))


def _read(config: Path, cwd: Path) -> Config:
    """The config as a fresh mmengine process reads it, working in ``cwd``."""
    done = subprocess.run(
        [sys.executable, '-c', 'import json, sys; from mmengine.config import Config; '
         'c = Config.fromfile(sys.argv[1]); print(json.dumps(c.to_dict()))', str(config)],
        cwd=str(cwd), capture_output=True, text=True)
    assert not (cwd / 'ran').exists(), 'a name in the config ran as code'
    assert done.returncode == 0, done.stderr
    return Config(json.loads(done.stdout))


def test_a_hostile_pickle_name_stays_a_string(tmp_path):
    data = tmp_path / 'data'
    data.mkdir()
    pkl = data / f'{HOSTILE}.pkl'
    _pickle(pkl)
    out = tmp_path / 'mine.py'
    done = _tool('make_config.py', pkl, '--layout', 'nw-ucla', '--out', out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    cfg = _read(out, tmp_path)
    for key in ('train_dataloader', 'val_dataloader', 'test_dataloader'):
        assert cfg[key].dataset.ann_file == str(pkl)
    assert '{{' not in out.read_text().replace('{{ fileDirname }}', '')


def test_custom_gendata_configs_survive_a_hostile_name_and_a_layout_file(tmp_path):
    poses = tmp_path / 'poses'
    poses.mkdir()
    rows = []
    for i in range(6):
        np.save(poses / f's{i}.npy', np.random.default_rng(i).normal(size=(20, 3, 3)))
        rows.append(f's{i},{i % 2},{"val" if i > 3 else "train"}')
    (poses / 'labels.csv').write_text('\n'.join(rows) + '\n')
    layout = tmp_path / 'layout.json'
    names = [HOSTILE, 'b', "c')\nopen('ran', 'w')#"]
    layout.write_text(json.dumps(dict(num_node=3, inward=[[1, 0], [2, 1]], center=0,
                                      names=names)))
    out = tmp_path / 'project' / f'{HOSTILE}.pkl'
    out.parent.mkdir()
    done = _tool('custom_gendata.py', '--data-path', poses, '--labels', poses / 'labels.csv',
                 '--layout', layout, '--out', out, '--streams', 'j', 'b', cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    layout.unlink()  # stated in full in the configs
    for stream in ('j', 'b'):
        cfg = _read(out.parent / f'{HOSTILE}_stgcn_{stream}.py', tmp_path)
        assert cfg.train_dataloader.dataset.ann_file == str(out)
        assert cfg.model.backbone.graph_cfg.layout['names'] == names
        assert [t.feats for t in cfg.test_dataloader.dataset.pipeline
                if t.type == 'GenSkeFeat'] == [[stream]]


def test_the_config_works_after_the_project_folder_moves(tmp_path):
    project = tmp_path / 'project'
    (project / 'data').mkdir(parents=True)
    (project / 'configs').mkdir()
    _pickle(project / 'data' / 'mine.pkl')
    config = project / 'configs' / 'mine.py'
    done = _tool('make_config.py', 'data/mine.pkl', '--layout', 'nw-ucla', '--out', config,
                 cwd=project)
    assert done.returncode == 0, done.stderr
    assert str(tmp_path) not in config.read_text()  # no path of this machine
    moved = tmp_path / 'elsewhere' / 'renamed project'
    moved.parent.mkdir()
    shutil.move(str(project), str(moved))
    elsewhere = tmp_path / 'elsewhere'
    cfg = _read(moved / 'configs' / 'mine.py', elsewhere)
    assert Path(cfg.train_dataloader.dataset.ann_file).resolve() == moved / 'data' / 'mine.pkl'
    dataset = DATASETS.build(cfg.train_dataloader.dataset)
    assert len(dataset) == 4


def test_make_config_streams_write_one_config_each_and_the_command(tmp_path):
    _pickle(tmp_path / 'mine.pkl')
    done = _tool('make_config.py', 'mine.pkl', '--layout', 'nw-ucla', '--streams', 'j', 'bm',
                 cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].endswith(
        'stgcn-kit train_streams mine_stgcn_j.py mine_stgcn_bm.py')
    for stream in ('j', 'bm'):
        cfg = _read(tmp_path / f'mine_stgcn_{stream}.py', tmp_path)
        assert [t.feats for t in cfg.train_dataloader.dataset.pipeline
                if t.type == 'GenSkeFeat'] == [[stream]]
        assert cfg.model.backbone.in_channels == 3


def test_custom_gendata_without_a_val_split_points_at_cross_validation(tmp_path):
    for i in range(4):
        np.save(tmp_path / f's{i}.npy', np.random.default_rng(i).normal(size=(20, 3, 3)))
    (tmp_path / 'labels.csv').write_text(''.join(f's{i},{i % 2}\n' for i in range(4)))
    (tmp_path / 'edges.txt').write_text('1 0\n2 1\n')
    done = _tool('custom_gendata.py', '--data-path', tmp_path, '--labels', 'labels.csv',
                 '--edges', 'edges.txt', '--out', 'mine.pkl', cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no 'val' split: the configs validate and test on the training split" in done.stdout
    assert done.stdout.splitlines()[-1].endswith(
        'stgcn-kit train_streams mine_stgcn_j.py --kfold 5')
    cfg = _read(tmp_path / 'mine_stgcn_j.py', tmp_path)
    assert cfg.test_dataloader.dataset.split == 'train' == cfg.train_dataloader.dataset.split
