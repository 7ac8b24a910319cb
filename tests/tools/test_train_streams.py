"""tools/train_streams.py through the real tool on the 40-sample NW-UCLA subset, with a tiny
ST-GCN: the one table and its files, fusion weights chosen on the held-out part only (a test
split relabelled so that it would choose other weights changes nothing), resuming after an
interrupted run (a killed one, and the state one leaves), k-fold cross-validation against a
hand computation, a time budget."""
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from stgcn_kit.apis.time_budget import RunCost, StepTimes, epochs_for_budget
from stgcn_kit.evaluation.weight_search import candidate_weights, search_weights

REPO = Path(__file__).resolve().parents[2]
TINY = ['model.backbone.base_channels=8', 'model.backbone.num_stages=3',
        'model.backbone.inflate_stages=[2]', 'model.backbone.down_stages=[2]',
        'model.cls_head.in_channels=16', 'train_dataloader.num_workers=0',
        'train_dataloader.persistent_workers=False', 'test_dataloader.num_workers=0',
        'test_dataloader.persistent_workers=False', 'test_dataloader.batch_size=10',
        'test_dataloader.dataset.pipeline.2.num_clips=2']


def tool(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / 'tools' / 'train_streams.py'),
                           *map(str, args)], capture_output=True, text=True, timeout=900)


def make_configs(pkl: Path, *args) -> list:
    result = subprocess.run([sys.executable, str(REPO / 'tools' / 'data' / 'make_config.py'),
                             str(pkl), '--layout', 'nw-ucla', *args], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert 'stgcn-kit train_streams' in result.stdout
    return sorted(pkl.parent.glob('*_stgcn_*.py'))


def scores(path: Path) -> dict:
    return {r['frame_dir']: r for r in pickle.loads(path.read_bytes())}


def top1(stream: dict, weights=(1.0, ), *others: dict) -> float:
    """Top-1 accuracy of the weighted sum of ``stream`` and ``others``, by hand."""
    names = sorted(stream)
    fused = sum(w * np.stack([s[n]['pred_score'] for n in names])
                for w, s in zip(weights, (stream, ) + others))
    labels = np.array([stream[n]['gt_label'] for n in names])
    return float((fused.argmax(1) == labels).mean())


@pytest.fixture(scope='module')
def streams(tiny_nwucla, tmp_path_factory):
    """Joint and bone configs trained 2 epochs, held-out part one whole camera view."""
    folder = tmp_path_factory.mktemp('streams')
    shutil.copy(tiny_nwucla, folder / 'tiny.pkl')
    configs = make_configs(folder / 'tiny.pkl', '--streams', 'b', 'j')
    options = ('--group-by', r'_(v\d+)$', '--cfg-options', *TINY, 'train_cfg.max_epochs=2')
    result = tool(*configs, '--out-dir', folder / 'out', *options)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return folder / 'out', (configs, options), result.stdout


def test_one_table_with_the_result_files(streams, tiny_nwucla):
    out, _, stdout = streams
    anno = pickle.loads(tiny_nwucla.read_bytes())
    plan = json.loads((out / 'plan.json').read_text())
    fit, held = plan['splits']['fit'], plan['splits']['holdout']
    # a whole view held out of the training views 1 and 2; the test split is view 3, untouched
    assert sorted(fit + held) == sorted(anno['split']['train'])
    assert len({n[-3:] for n in held}) == 1 and not {n[-3:] for n in fit} & {held[0][-3:]}
    assert plan['splits']['test'] == anno['split']['val'] and plan['epochs'] == [2, 2]
    for stream in ('tiny_stgcn_b', 'tiny_stgcn_j'):
        assert set(scores(out / stream / 'test.pkl')) == set(anno['split']['val'])
        assert set(scores(out / stream / 'holdout.pkl')) == set(held)
        assert (out / stream / 'work' / 'epoch_2.pth').is_file()
    summary = json.loads((out / 'summary.json').read_text())
    b, j = (scores(out / s / 'test.pkl') for s in ('tiny_stgcn_b', 'tiny_stgcn_j'))
    hb, hj = (scores(out / s / 'holdout.pkl') for s in ('tiny_stgcn_b', 'tiny_stgcn_j'))
    weights = tuple(r['weight'] for r in summary['rows'][:2])
    # the chosen weights are the best of the grid on the held-out part, by hand
    best = max(top1(hb, w, hj) for w in candidate_weights(2))
    assert top1(hb, weights, hj) == best == summary['rows'][2]['holdout_top1']
    assert weights == search_weights([hb, hj], ['b', 'j'])[0]
    fused = scores(out / 'fused.pkl')
    for name in b:
        np.testing.assert_allclose(fused[name]['pred_score'], weights[0] * b[name]['pred_score']
                                   + weights[1] * j[name]['pred_score'], rtol=1e-5)
    assert summary['rows'][2]['test_top1'] == pytest.approx(top1(b, weights, j))
    assert summary['rows'][0]['test_top1'] == pytest.approx(top1(b))
    table = stdout[stdout.index('fold  stream'):].splitlines()
    assert len(table) == 4 and table[3].split()[1] == 'fusion'
    assert table[3].endswith(str(out / 'fused.pkl'))
    assert f'{100 * top1(b, weights, j):.2f}' in table[3]
    assert table[1].endswith(str(out / 'tiny_stgcn_b' / 'test.pkl'))


def test_weights_never_come_from_the_test_split(streams, tmp_path):
    out, args, _ = streams
    chosen = tuple(r['weight'] for r in json.loads((out / 'summary.json').read_text())['rows'][:2])
    copy = tmp_path / 'out'
    shutil.copytree(out, copy)
    b, j = (scores(copy / s / 'test.pkl') for s in ('tiny_stgcn_b', 'tiny_stgcn_j'))
    names = sorted(b)
    stacked = [np.stack([s[n]['pred_score'] for n in names]) for s in (b, j)]

    def argmax(w):
        return (w[0] * stacked[0] + w[1] * stacked[1]).argmax(1)

    # test labels that other weights get all right and the chosen ones do not: choosing on
    # the test split would pick other weights
    other = next(w for w in candidate_weights(2) if (argmax(w) != argmax(chosen)).any())
    for stream in ('tiny_stgcn_b', 'tiny_stgcn_j'):
        records = pickle.loads((copy / stream / 'test.pkl').read_bytes())
        for record in records:
            record['gt_label'] = int(argmax(other)[names.index(record['frame_dir'])])
        (copy / stream / 'test.pkl').write_bytes(pickle.dumps(records))
    relabelled = [scores(copy / s / 'test.pkl') for s in ('tiny_stgcn_b', 'tiny_stgcn_j')]
    assert top1(relabelled[0], other, relabelled[1]) == 1.0
    assert top1(relabelled[0], chosen, relabelled[1]) < 1.0
    result = tool(*args[0], '--out-dir', copy, *args[1])
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('done in an earlier run, skipped') == 2
    rows = json.loads((copy / 'summary.json').read_text())['rows']
    assert tuple(r['weight'] for r in rows[:2]) == chosen
    assert rows[2]['test_top1'] == pytest.approx(top1(*relabelled[:1], chosen, relabelled[1]))


def test_resumes_where_an_interrupted_run_stopped(streams, tmp_path):
    out, args, _ = streams
    copy = tmp_path / 'out'
    shutil.copytree(out, copy)
    # the state a run killed during the bone stream's second epoch leaves behind
    work = copy / 'tiny_stgcn_b' / 'work'
    for name in ('test.pkl', 'holdout.pkl'):
        (copy / 'tiny_stgcn_b' / name).unlink()
    (work / 'epoch_2.pth').unlink()
    (work / 'last_checkpoint').write_text('epoch_1.pth')
    (copy / 'summary.json').unlink()
    joint = (copy / 'tiny_stgcn_j' / 'test.pkl').stat().st_mtime_ns
    result = tool(*args[0], '--out-dir', copy, *args[1])
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert 'tiny_stgcn_j: done in an earlier run, skipped' in result.stdout
    assert f'tiny_stgcn_b: resuming training from {work / "epoch_1.pth"}' in result.stdout
    assert (copy / 'tiny_stgcn_j' / 'test.pkl').stat().st_mtime_ns == joint
    log = (copy / 'tiny_stgcn_b' / 'run.log').read_text()
    assert 'resumed epoch: 1' in log and 'Epoch(train) [1]' not in log.split('--resume')[-1]
    assert (work / 'epoch_2.pth').is_file() and (copy / 'summary.json').is_file()


def test_other_settings_in_the_same_folder_are_refused(streams):
    out, args, _ = streams
    result = tool(*args[0], '--out-dir', out, *args[1], '--seed', '1')
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert 'holds a run with other settings' in result.stderr


def test_kfold_mean_and_spread_by_hand(tiny_nwucla, tmp_path):
    shutil.copy(tiny_nwucla, tmp_path / 'tiny.pkl')
    # no official test split: the config tests on its training split
    configs = make_configs(tmp_path / 'tiny.pkl', '--streams', 'j', '--val-split', 'train')
    common = ('--out-dir', tmp_path / 'out', '--cfg-options', *TINY, 'train_cfg.max_epochs=1')
    refused = tool(*configs, *common)
    assert refused.returncode == 1 and 'give --kfold K' in refused.stderr
    result = tool(*configs, *common[:2], '--kfold', '2', '--time-budget', '1000', *common[2:])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    plan = json.loads((tmp_path / 'out' / 'plan.json').read_text())
    anno = pickle.loads(tiny_nwucla.read_bytes())
    tests = [plan['splits'][f'fold{k}_test'] for k in range(2)]
    assert sorted(tests[0] + tests[1]) == sorted(anno['split']['train'])
    for k in range(2):
        assert not set(tests[k]) & set(plan['splits'][f'fold{k}_fit'])
        assert not set(tests[k]) & set(plan['splits'][f'fold{k}_holdout'])
    acc = [top1(scores(tmp_path / 'out' / f'fold{k}' / 'fused.pkl')) for k in range(2)]
    mean, std = (acc[0] + acc[1]) / 2, abs(acc[0] - acc[1]) / np.sqrt(2)  # ddof=1 for two
    cv = json.loads((tmp_path / 'out' / 'summary.json').read_text())['cross_validation']
    assert [r['stream'] for r in cv] == ['tiny_stgcn_j', 'fusion']
    assert cv[1]['mean_top1'] == pytest.approx(mean) and cv[1]['std_top1'] == pytest.approx(std)
    assert f'fusion                   {100 * mean:.2f} +- {100 * std:.2f}' in result.stdout
    # the time budget's epochs from the measured step times, by hand: capped at the config's 1
    times = StepTimes(**plan['step_times'][0])
    runs = [RunCost(times, -(-len(plan['splits'][f'fold{k}_fit']) // 16),
                    len(plan['splits'][f'fold{k}_holdout']) + len(tests[k])) for k in range(2)]
    assert plan['epochs'] == [epochs_for_budget(60_000, runs, 1)] == [1]
    assert 'time budget 1000 min: 1 epochs' in result.stdout


def test_time_budget_too_small(streams):
    out, args, _ = streams
    result = tool(*args[0], '--out-dir', out.parent / 'budget', '--time-budget', '0.0001',
                  '--cfg-options', *TINY)
    assert result.returncode == 1
    assert 'error: --time-budget 0.0001 min: one epoch of the 2 run(s) needs about' in \
        result.stderr
    assert not (out.parent / 'budget').exists()


def test_resumes_after_a_real_kill(streams, tmp_path):
    """The tool and its training killed as soon as the first checkpoint is on disk."""
    configs, out = streams[1][0], tmp_path / 'out'
    args = [sys.executable, str(REPO / 'tools' / 'train_streams.py'), str(configs[1]),
            '--out-dir', str(out), '--cfg-options', *TINY, 'train_cfg.max_epochs=3']
    first = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    checkpoint = out / 'tiny_stgcn_j' / 'work' / 'epoch_1.pth'
    try:
        while first.poll() is None and not checkpoint.exists():
            time.sleep(0.05)
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    assert checkpoint.exists() and not (out / 'tiny_stgcn_j' / 'test.pkl').exists()
    result = subprocess.run(args, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert 'tiny_stgcn_j: resuming training from' in result.stdout
    assert 'resumed epoch: ' in (out / 'tiny_stgcn_j' / 'run.log').read_text()
    assert (out / 'tiny_stgcn_j' / 'work' / 'epoch_3.pth').is_file()
    assert (out / 'summary.json').is_file() and 'fusion' in result.stdout


def test_bad_input_and_a_failing_stage_give_one_error_line(streams, tmp_path):
    configs = streams[1][0]
    missing = tool(tmp_path / 'missing.py', '--out-dir', tmp_path / 'm')
    assert missing.returncode == 1 and missing.stderr.count('\n') == 1
    assert missing.stderr.startswith('error: ') and 'missing.py' in missing.stderr
    # a head that does not fit the backbone: the training child fails, the tool says where
    failed = tool(configs[1], '--out-dir', tmp_path / 'f', '--cfg-options', *TINY,
                  'model.cls_head.in_channels=7')
    assert failed.returncode == 1 and failed.stderr.count('\n') == 1
    log = tmp_path / 'f' / 'tiny_stgcn_j' / 'run.log'
    assert f'stgcn-kit train {tmp_path / "f" / "tiny_stgcn_j" / "train.py"} failed (exit 1); ' \
        f'its log is {log}: ... ' in failed.stderr
    assert 'Error' in failed.stderr.split(str(log))[-1] and log.is_file()
