import subprocess
import sys
from pathlib import Path

import numpy as np

from stgcn_kit.evaluation.functional import top_k_accuracy
from stgcn_kit.utils import dump_pickle, load_pickle

TOOL = Path(__file__).resolve().parents[2] / 'tools' / 'ensemble.py'


def run(*args):
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True,
                          text=True)


def write(path, names, labels, scores, order):
    dump_pickle([dict(frame_dir=names[i], gt_label=int(labels[i]), pred_score=scores[i])
                 for i in order], path)


def test_prints_each_stream_and_the_weighted_fusion_of_shuffled_files(tmp_path):
    rng = np.random.default_rng(5)
    names, labels = [f'v{i}' for i in range(30)], rng.integers(0, 6, 30)
    joint = rng.normal(size=(30, 6)).astype(np.float32)
    bone = rng.normal(size=(30, 6)).astype(np.float32)
    write(tmp_path / 'j.pkl', names, labels, joint, range(30))
    write(tmp_path / 'b.pkl', names, labels, bone, rng.permutation(30))
    result = run('--scores', tmp_path / 'j.pkl', tmp_path / 'b.pkl', '--weights', 2, 1,
                 '--out', tmp_path / 'fused.pkl')
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ['stream', 'top1', 'top5', 'mean1']
    fused_top1 = top_k_accuracy(2 * joint + bone, labels, (1, ))[0]
    joint_top1 = top_k_accuracy(joint, labels, (1, ))[0]
    assert float(lines[1].split()[1]) == round(100 * joint_top1, 2)
    assert lines[-1].split()[0] == 'fusion'
    assert float(lines[-1].split()[1]) == round(100 * fused_top1, 2)
    fused = load_pickle(tmp_path / 'fused.pkl')
    assert [r['frame_dir'] for r in fused] == names
    np.testing.assert_allclose(np.stack([r['pred_score'] for r in fused]), 2 * joint + bone,
                               rtol=1e-6)
    assert [r['gt_label'] for r in fused] == labels.tolist()


def test_differing_sample_sets_exit_with_one_line_naming_file_and_ids(tmp_path):
    rng = np.random.default_rng(6)
    names, labels, scores = [f'v{i}' for i in range(5)], [0, 1, 2, 0, 1], rng.random((5, 3))
    write(tmp_path / 'j.pkl', names, labels, scores, range(5))
    write(tmp_path / 'b.pkl', names, labels, scores, range(3))
    result = run('--scores', tmp_path / 'j.pkl', tmp_path / 'b.pkl')
    assert result.returncode != 0
    assert 'Traceback' not in result.stderr
    assert 'b.pkl' in result.stderr and 'v3, v4' in result.stderr


def test_fuses_our_file_with_a_pyskl_file_read_in_its_annotation_order(tmp_path):
    rng = np.random.default_rng(7)
    names, labels = [f'v{i}' for i in range(12)], rng.integers(0, 4, 12)
    joint = rng.normal(size=(12, 4)).astype(np.float32)
    rgb = rng.normal(size=(12, 4)).astype(np.float32)
    write(tmp_path / 'j.pkl', names, labels, joint, rng.permutation(12))
    # PYSKL: a bare list of arrays in the order of the annotation records the split selects
    records = [dict(frame_dir=n, label=int(lb)) for n, lb in zip(names, labels)]
    dump_pickle(dict(split=dict(val=names[::-1]), annotations=records), tmp_path / 'ann.pkl')
    dump_pickle(list(rgb), tmp_path / 'rgb.pkl')
    result = run('--scores', tmp_path / 'j.pkl', tmp_path / 'rgb.pkl', '--ann-files', '-',
                 tmp_path / 'ann.pkl', '--splits', '-', 'val')
    assert result.returncode == 0, result.stderr
    fused_top1 = top_k_accuracy(joint + rgb, labels, (1, ))[0]
    assert float(result.stdout.splitlines()[-1].split()[1]) == round(100 * fused_top1, 2)
    result = run('--scores', tmp_path / 'j.pkl', tmp_path / 'rgb.pkl')
    assert result.returncode != 0 and 'give the annotation file' in result.stderr


def test_kinetics_motion_mean_class_accuracy_on_the_real_label_names(tmp_path, shared_data):
    repo = TOOL.parents[1]
    label_map = shared_data / 'kinetics-skeleton' / 'label_name.txt'
    names = label_map.read_text().splitlines()
    motion = (repo / 'tools/data/label_map/kinetics_motion.txt').read_text().splitlines()
    assert len(motion) == 30 and set(motion) <= set(names)  # all 30 are Kinetics-400 classes
    rng = np.random.default_rng(2)
    labels = rng.integers(0, 400, 600)
    scores = rng.normal(size=(600, 400)).astype(np.float32)
    scores[np.arange(600), labels] += 2.5  # right about half the time
    write(tmp_path / 's.pkl', [f'v{i}' for i in range(600)], labels, scores, range(600))
    result = run('--scores', tmp_path / 's.pkl', '--class-subset',
                 repo / 'tools/data/label_map/kinetics_motion.txt', '--label-map', label_map)
    assert result.returncode == 0, result.stderr
    header, first = result.stdout.splitlines()[:2]
    column = header.split().index('subset_mean1')
    subset = [names.index(name) for name in motion]
    expected = np.mean([np.mean(scores[labels == c].argmax(1) == c) for c in subset
                        if (labels == c).any()])
    assert float(first.split()[column]) == round(100 * expected, 2)


def test_common_samples_fuses_the_intersection(tmp_path):
    rng = np.random.default_rng(9)
    names, labels = [f'v{i}' for i in range(10)], rng.integers(0, 3, 10)
    a, b = rng.normal(size=(10, 3)), rng.normal(size=(10, 3))
    write(tmp_path / 'a.pkl', names, labels, a, range(10))
    write(tmp_path / 'b.pkl', names, labels, b, range(2, 10))  # two samples fewer
    assert run('--scores', tmp_path / 'a.pkl', tmp_path / 'b.pkl').returncode != 0
    result = run('--scores', tmp_path / 'a.pkl', tmp_path / 'b.pkl', '--common-samples')
    assert result.returncode == 0, result.stderr
    assert '8 samples in every file; 2 left out' in result.stderr
    fused_top1 = top_k_accuracy((a + b)[2:], labels[2:], (1, ))[0]
    assert float(result.stdout.splitlines()[-1].split()[1]) == round(100 * fused_top1, 2)


def test_nan_scores_zero_weights_and_a_directory_as_out_are_one_line_errors(tmp_path):
    names, labels, scores = [f'v{i}' for i in range(4)], [0, 1, 2, 0], np.eye(4)[:, :3]
    write(tmp_path / 'j.pkl', names, labels, scores, range(4))
    scores = scores.copy()
    scores[1, 0] = np.nan
    write(tmp_path / 'nan.pkl', names, labels, scores, range(4))
    (tmp_path / 'dir').mkdir()
    for args, message in [
        (['--scores', tmp_path / 'nan.pkl'], 'nan.pkl: sample v1 has NaN/inf scores'),
        (['--scores', tmp_path / 'j.pkl', tmp_path / 'j.pkl', '--weights', '0', '0'],
         'at least one non-zero'),
        (['--scores', tmp_path / 'j.pkl', '--out', tmp_path / 'dir'], 'dir: Is a directory'),
    ]:
        result = run(*args)
        assert result.returncode == 1 and 'Traceback' not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith('error: ') and message in lines[0]
