"""The pieces of train_streams that need no training: which configs can be streams of one
run, the configs each run trains and tests, and the cross-validation summary (the whole tool
runs in tests/tools/test_train_streams.py)."""
import numpy as np
import pytest
from mmengine.config import Config

from stgcn_kit.apis import streams
from stgcn_kit.apis.streams import (
    Run,
    Settings,
    cross_validation_rows,
    derived_config,
    plan_splits,
    read_streams,
    run_stream,
)
from stgcn_kit.errors import ConfigError


def write(path, ann='/data/a.pkl', train='train', test='val', wrap=False, test_ann=None):
    dataset = f"dict(type='PoseDataset', ann_file={ann!r}, split={train!r}, pipeline=[])"
    if wrap:
        dataset = f"dict(type='RepeatDataset', times=2, dataset={dataset})"
    path.write_text(
        f'train_dataloader = dict(batch_size=4, dataset={dataset})\n'
        f"test_dataloader = dict(batch_size=4, dataset=dict(type='PoseDataset', "
        f"ann_file={test_ann or ann!r}, split={test!r}, pipeline=[]))\n"
        "val_dataloader = test_dataloader\n"
        "train_cfg = dict(max_epochs=20)\n"
        "param_scheduler = [dict(type='LinearLR', by_epoch=True, begin=0, end=2.0)]\n")
    return str(path)


def test_streams_must_share_the_pickle_and_splits(tmp_path):
    a = write(tmp_path / 'j.py')
    cfgs, ann, train, test = read_streams([a, write(tmp_path / 'b.py', wrap=True)], {})
    assert (ann, train, test) == ('/data/a.pkl', 'train', 'val') and len(cfgs) == 2
    with pytest.raises(ConfigError, match=r'c.py: reads .*/data/c.pkl.* must share'):
        read_streams([a, write(tmp_path / 'c.py', ann='/data/c.pkl')], {})
    with pytest.raises(ConfigError, match='must share'):
        read_streams([a, write(tmp_path / 'd.py', test='test')], {})
    with pytest.raises(ConfigError, match='one annotation pickle'):
        read_streams([write(tmp_path / 'e.py', test_ann='/data/other.pkl')], {})
    (tmp_path / 'sub').mkdir()
    with pytest.raises(ConfigError, match='different file names'):
        read_streams([a, write(tmp_path / 'sub' / 'j.py')], {})
    cfgs = read_streams([a], {'train_cfg.max_epochs': 3})[0]
    assert cfgs[0].train_cfg.max_epochs == 3


def test_the_derived_configs_train_on_fit_and_test_on_the_part_asked(tmp_path):
    cfg = Config.fromfile(write(tmp_path / 'j.py', wrap=True))
    cfg.ann_file = '/data/a.pkl'  # make_config's configs name the pickle at the top as well
    train = derived_config(cfg, '/out/splits.pkl', 1, 'holdout', epochs=5, iters_per_epoch=4)
    inner = train.train_dataloader.dataset.dataset
    assert (inner.ann_file, inner.split) == ('/out/splits.pkl', 'fold1_fit')
    assert train.train_dataloader.dataset.times == 2 and train.ann_file == '/out/splits.pkl'
    assert train.test_dataloader.dataset.split == 'fold1_holdout'
    assert train.val_dataloader is None and train.train_cfg.max_epochs == 5
    assert train.param_scheduler[0]['end'] == 0.5
    same = derived_config(cfg, '/out/splits.pkl', None, 'test', epochs=20, iters_per_epoch=4)
    assert same.test_dataloader.dataset.split == 'test' and same.param_scheduler[0]['end'] == 2
    assert cfg.train_dataloader.dataset.dataset.split == 'train'  # the original is unchanged


def test_a_test_split_inside_the_training_split_is_refused():
    anno = dict(split=dict(train=['a', 'b', 'c'], val=['c']))
    with pytest.raises(ConfigError, match="'val' shares samples with the training split"):
        plan_splits(anno, 'x.pkl', 'train', 'val', Settings(configs=('j.py', )))
    splits = plan_splits(anno, 'x.pkl', 'train', 'val', Settings(configs=('j.py', ), kfold=3))
    assert sorted(sum((splits[f'fold{k}_test'] for k in range(3)), [])) == ['a', 'b', 'c']


def test_cross_validation_rows_by_hand():
    rows = [dict(stream=s, test_top1=acc) for s, acc in
            (('j', 0.5), ('fusion', 0.6), ('j', 0.7), ('fusion', 0.6), ('j', 0.6),
             ('fusion', 0.9))]
    cv = cross_validation_rows(rows)
    assert [r['stream'] for r in cv] == ['j', 'fusion'] and cv[0]['folds'] == 3
    assert cv[0]['mean_top1'] == pytest.approx(0.6)
    assert cv[0]['std_top1'] == pytest.approx(np.sqrt((0.01 + 0.01 + 0) / 2))
    assert cv[1]['std_top1'] == pytest.approx(np.sqrt((0.01 + 0.01 + 0.04) / 2))


@pytest.mark.parametrize('amp', [False, True])
def test_amp_reaches_training_and_both_tests(tmp_path, monkeypatch, amp):
    calls = []

    def fake_tool(args, log_file):
        calls.append(list(args))
        if args[0] == 'train':  # what a finished training leaves behind
            work = tmp_path / 'j' / 'work'
            work.mkdir(parents=True, exist_ok=True)
            (work / 'last_pred.pkl').write_bytes(b'')
            (work / 'epoch_1.pth').write_bytes(b'')
            (work / 'last_checkpoint').write_text(str(work / 'epoch_1.pth'))

    monkeypatch.setattr(streams, 'run_tool', fake_tool)
    run_stream(Run('j', None, tmp_path / 'j'), seed=0, log=lambda line: None, amp=amp)
    assert [c[0] for c in calls] == ['train', 'test']
    assert [('--amp' in c) for c in calls] == [amp, amp]
    assert Settings(configs=('a.py', ), amp=amp).as_dict()['amp'] is amp
