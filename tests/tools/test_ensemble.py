import subprocess
import sys
from pathlib import Path

import numpy as np
from inference_helpers import run_script, save_random_checkpoint

from stgcn_kit.evaluation.functional import top_k_accuracy
from stgcn_kit.utils import dump_pickle, load_pickle

TOOL = Path(__file__).resolve().parents[2] / 'tools' / 'ensemble.py'
CONFIGS = Path(__file__).resolve().parents[1] / 'configs'


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


def test_choose_on_takes_the_weights_from_the_held_out_files_not_the_test_files(tmp_path):
    """On the held-out files stream a is right and stream c sure and wrong; on the test files
    it is the other way round. The weights must be the held-out files' (all on a), whatever
    the test files would prefer."""
    rng = np.random.default_rng(11)
    names, labels = [f'v{i}' for i in range(40)], rng.integers(0, 4, 40)
    right = np.eye(4)[labels] + 0.1 * rng.random((40, 4))
    wrong = 10 * np.eye(4)[(labels + 1) % 4]  # any share of it outvotes a
    write(tmp_path / 'a_held.pkl', names, labels, right, range(40))
    write(tmp_path / 'c_held.pkl', names, labels, wrong, range(40))
    write(tmp_path / 'a_test.pkl', names, labels, wrong, rng.permutation(40))
    write(tmp_path / 'c_test.pkl', names, labels, right, range(40))
    result = run('--scores', tmp_path / 'a_test.pkl', tmp_path / 'c_test.pkl', '--choose-on',
                 tmp_path / 'a_held.pkl', tmp_path / 'c_held.pkl', '--out', tmp_path / 'f.pkl')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == ('weights chosen on the held-out files (their '
                                              "fusion's top1 there 100.00): 1 0")
    fused = load_pickle(tmp_path / 'f.pkl')
    order = [int(r['frame_dir'][1:]) for r in fused]
    np.testing.assert_allclose(np.stack([r['pred_score'] for r in fused]), wrong[order],
                               rtol=1e-6)
    assert float(result.stdout.splitlines()[-2].split()[1]) == 0.0


def test_choose_on_with_groups_searches_within_then_between_them(tmp_path):
    """The hand-made streams of tests/evaluation/test_weight_search.py: a right on three of
    four samples, b on the fourth only but sure of it, c wrong on all. Groups x = {a, c} and
    y = {b}: a alone within x, then a and b at equal weights; one grid over all three would
    give the same here, but without groups thirteen streams are refused."""
    names, labels = ['s0', 's1', 's2', 's3'], [0, 1, 0, 1]
    a = [[0.6, 0.4], [0.4, 0.6], [0.9, 0.1], [0.55, 0.45]]
    b = [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5], [0.1, 0.9]]
    c = [[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]
    for name, scores in (('a', a), ('b', b), ('c', c)):
        write(tmp_path / f'{name}.pkl', names, labels, np.asarray(scores), range(4))
    files = [tmp_path / 'a.pkl', tmp_path / 'c.pkl', tmp_path / 'b.pkl']
    result = run('--scores', *files, '--choose-on', *files, '--groups', 'x', 'x', 'y')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith('100.00): 0.5 0 0.5')
    assert float(result.stdout.splitlines()[-2].split()[1]) == 100.0
    many = run('--scores', *[files[0]] * 13, '--choose-on', *[files[0]] * 13)
    assert many.returncode == 1 and '13 streams are too many' in many.stderr


def test_choose_on_misuse_is_a_one_line_error(tmp_path):
    names, labels = ['v0', 'v1'], [0, 1]
    write(tmp_path / 'j.pkl', names, labels, np.eye(2), range(2))
    j = tmp_path / 'j.pkl'
    for args, code, message in [
        (['--scores', j, j, '--choose-on', j], 1, 'give one held-out file per --scores file (2)'),
        (['--scores', j, j, '--choose-on', j, j, '--weights', 1, 2], 2, 'not both'),
        (['--scores', j, '--groups', 'x'], 2, '--groups needs --choose-on'),
        (['--scores', j, j, '--choose-on', j, j, '--groups', 'x'], 1, '2 streams but 1 group'),
    ]:
        result = run(*args)
        assert result.returncode == code and 'Traceback' not in result.stderr
        assert message in result.stderr.strip().splitlines()[-1]


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


def test_fuses_posec3d_joint_and_limb_with_a_gcn_as_tools_test_wrote_them(
        tiny_nwucla_2d, tiny_2d_options, tiny_options, tmp_path):
    """tools/test.py's result files of a PoseC3D joint model, its limb twin (rewritten as
    PYSKL writes results: bare arrays in the order of its annotation file's split) and an
    ST-GCN, on the same real NW-UCLA val samples (2D projections for PoseC3D, 3D skeletons for
    the GCN): the ensemble matches them by sample and sums them with the weights."""
    streams = {'joint': ('tiny_posec3d_nwucla.py', tiny_2d_options),
               'limb': ('tiny_posec3d_nwucla_limb.py', tiny_2d_options),
               'gcn': ('tiny_stgcn_nwucla.py', tiny_options)}
    for seed, (name, (config, options)) in enumerate(streams.items()):
        checkpoint = save_random_checkpoint(CONFIGS / config, tmp_path / f'{name}.pth', seed)
        assert run_script('tools/test.py', CONFIGS / config, checkpoint, '--work-dir',
                          tmp_path / name, '--out', tmp_path / f'{name}.pkl', '--cfg-options',
                          *options) == 0
    records = {name: {r['frame_dir']: r for r in load_pickle(str(tmp_path / f'{name}.pkl'))}
               for name in streams}
    names = sorted(records['gcn'])
    assert len(names) == 10 and all(sorted(r) == names for r in records.values())
    anno = load_pickle(str(tiny_nwucla_2d))
    val_order = [a['frame_dir'] for a in anno['annotations'] if a['frame_dir'] in
                 set(anno['split']['val'])]
    dump_pickle([records['limb'][n]['pred_score'] for n in val_order], tmp_path / 'pyskl.pkl')

    result = run('--scores', tmp_path / 'joint.pkl', tmp_path / 'pyskl.pkl', tmp_path / 'gcn.pkl',
                 '--weights', 1, 1, 2, '--ann-files', '-', tiny_nwucla_2d, '-', '--splits', '-',
                 'val', '-', '--out', tmp_path / 'fused.pkl')
    assert result.returncode == 0, result.stderr
    labels = np.array([records['gcn'][n]['gt_label'] for n in names])
    expected = sum(w * np.stack([records[s][n]['pred_score'] for n in names])
                   for s, w in (('joint', 1), ('limb', 1), ('gcn', 2)))
    fused = {r['frame_dir']: r for r in load_pickle(str(tmp_path / 'fused.pkl'))}
    np.testing.assert_allclose(np.stack([fused[n]['pred_score'] for n in names]), expected,
                               rtol=1e-6)
    assert [fused[n]['gt_label'] for n in names] == labels.tolist()
    top1 = np.mean(expected.argmax(1) == labels)
    assert float(result.stdout.splitlines()[-1].split()[1]) == round(100 * top1, 2)
