"""NTU RGB+D conversion checked against a token-walking parse written here."""
import shutil

import numpy as np
import pytest

from stgcn_kit.datasets.raw.ntu import NTU120_TRAIN_SUBJECTS, convert_ntu, make_split, read_sample


def _token_walk(path):
    """Frames as lists of (25, 3) bodies, read by walking whitespace tokens."""
    tokens = open(path, 'rb').read().split()
    pos, frames = 1, []
    for _ in range(int(tokens[0])):
        bodies = []
        num_bodies = int(tokens[pos])
        pos += 1
        for _ in range(num_bodies):
            pos += 10
            num_joints = int(tokens[pos])
            pos += 1
            joints = np.array(tokens[pos:pos + 12 * num_joints], dtype=float).reshape(-1, 12)
            bodies.append(joints[:, :3])
            pos += 12 * num_joints
        frames.append(bodies)
    assert pos == len(tokens)
    return frames


def _expected_keypoint(frames):
    slots = max(len(f) for f in frames)
    motions = []
    for m in range(slots):
        seen = [f[m] for f in frames if len(f) > m and f[m].sum() != 0]
        motions.append(sum(np.std([b[:, c] for b in seen]) for c in range(3)) if seen else 0)
    best = sorted(range(slots), key=lambda m: -motions[m])[:2]
    out = np.zeros((len(best), len(frames), 25, 3))
    for i, m in enumerate(best):
        for t, f in enumerate(frames):
            if len(f) > m:
                out[i, t] = f[m]
    return out


@pytest.fixture(scope='session')
def ntu_dir(shared_data):
    return shared_data / 'ntu-rgbd-raw'


def test_real_files_match_token_walk(ntu_dir):
    paths = sorted(ntu_dir.glob('*.skeleton'))
    endings = {b'\r\n' in p.read_bytes()[:200] for p in paths}
    assert endings == {True, False}, 'the real files should cover both CRLF and LF'
    for path in paths:
        record = read_sample(str(path))
        expected = _expected_keypoint(_token_walk(path))
        assert record['frame_dir'] == path.stem
        assert record['label'] == int(path.stem[-3:]) - 1
        assert record['keypoint'].dtype == np.float32
        assert record['keypoint'].shape == expected.shape
        np.testing.assert_allclose(record['keypoint'], expected, rtol=1e-6)
    two_bodies = read_sample(str(ntu_dir / 'S001C003P008R002A058.skeleton'))
    assert two_bodies['keypoint'].shape[0] == 2


def test_full_conversion_of_real_files(ntu_dir):
    anno = convert_ntu(str(ntu_dir), dataset='ntu60')
    names = sorted(p.stem for p in ntu_dir.glob('*.skeleton'))
    assert sorted(r['frame_dir'] for r in anno['annotations']) == names
    for protocol in ('xsub', 'xview'):
        assert sorted(anno['split'][f'{protocol}_train'] + anno['split'][f'{protocol}_val']) \
            == names
    assert 'S003C001P015R001A034' in anno['split']['xsub_train']
    assert 'S004C002P003R001A017' in anno['split']['xsub_val']


def test_official_split_rules():
    names = ['S001C001P001R001A001', 'S002C002P003R001A001', 'S018C003P045R002A100',
             'S019C001P103R001A061']
    ntu60 = make_split(names[:2], 'ntu60')
    assert ntu60 == {'xsub_train': [names[0]], 'xsub_val': [names[1]],
                     'xview_train': [names[1]], 'xview_val': [names[0]]}
    ntu120 = make_split(names, 'ntu120')
    assert ntu120['xsub_train'] == [names[0], names[2], names[3]]
    assert ntu120['xset_train'] == [names[1], names[2]]
    assert len(NTU120_TRAIN_SUBJECTS) == len(set(NTU120_TRAIN_SUBJECTS)) == 53


def _body(seed, joints=25):
    rows = np.random.default_rng(seed).normal(size=(joints, 12)).round(4)
    return ['72057594037931101 0 1 1 1 1 0 0.01 -0.25 2', str(joints),
            *(' '.join(map(str, r)) for r in rows)]


def _skeleton_text(bodies_per_frame, joints=25):
    lines = [str(len(bodies_per_frame))]
    for t, count in enumerate(bodies_per_frame):
        lines.append(str(count))
        for m in range(count):
            lines += _body(10 * t + m, joints)
    return '\n'.join(lines) + '\n'


def test_ignored_samples_and_ntu60_setups_are_left_out(tmp_path):
    for name in ('S001C001P001R001A001', 'S001C001P002R001A002', 'S018C001P001R001A001'):
        (tmp_path / f'{name}.skeleton').write_text(_skeleton_text([1, 1]))
    ignored = tmp_path / 'missing.txt'
    ignored.write_text('S001C001P002R001A002\n')
    anno = convert_ntu(str(tmp_path), dataset='ntu60', ignored_samples=str(ignored))
    assert [r['frame_dir'] for r in anno['annotations']] == ['S001C001P001R001A001']
    anno = convert_ntu(str(tmp_path), dataset='ntu120')
    assert len(anno['annotations']) == 3


@pytest.mark.parametrize('text, problem', [
    (_skeleton_text([1, 1])[:-900], 'truncated, the last line'),
    ('\n'.join(_skeleton_text([1, 1]).splitlines()[:40]), 'truncated, file ends'),
    (_skeleton_text([1], joints=24), '24 joints, expected 25'),
    (_skeleton_text([1]).replace('0.01', '0.0x', 1), 'not a number'),
    ('0\n', 'empty sequence'),
    ('3\n0\n0\n0\n', 'no body is tracked'),
    (_skeleton_text([1]) + '1\n', 'unexpected content'),
    # an absurd frame count is refused before any array is allocated for it
    ('999999999\n0\n', 'frame count 999999999 is beyond any real clip'),
    ('99999999999' + _skeleton_text([1, 1])[1:], 'frame count 99999999999 is beyond any real'),
    ('5\n1\n', 'truncated, the frame count 5 exceeds the 1 lines'),
    ('\n'.join(['1', '1', *_body(0)[:2], 'nan' + _body(0)[2][_body(0)[2].index(' '):],
               *_body(0)[3:]]), r'line 5 \(joint 1 of frame 1\) holds NaN, inf'),
    (_skeleton_text([1]).replace('0.01', 'nan', 1), r'line 3 \(the body fields.*NaN, infinity'),
    (_skeleton_text([1]).replace(_body(0)[2].split()[0], '1e40', 1), 'too large for float32'),
    (_skeleton_text([1, 1]).replace(_body(0)[2].split()[0], 'inf', 1),
     r'line 5 \(joint 1 of frame 1\) holds NaN, inf'),
])
def test_malformed_file_names_file_and_problem(tmp_path, text, problem):
    path = tmp_path / 'S001C001P001R001A001.skeleton'
    path.write_text(text)
    with pytest.raises(ValueError, match=problem) as err:
        read_sample(str(path))
    assert str(path) in str(err.value)


def test_bad_file_writes_nothing(tmp_path, ntu_dir):
    shutil.copy(ntu_dir / 'S001C001P001R001A005.skeleton', tmp_path)
    (tmp_path / 'S001C001P001R001A006.skeleton').write_text('0\n')
    out = tmp_path / 'out' / 'ntu.pkl'
    with pytest.raises(ValueError, match='A006.skeleton: empty sequence'):
        convert_ntu(str(tmp_path), str(out))
    assert not out.parent.exists() or not any(out.parent.iterdir())


def _posed_body(xyz):
    """A body line block whose 25 joints all sit at ``xyz`` (12 fields a joint)."""
    joint = ' '.join(map(str, list(xyz) + [0.5] * 9))
    return ['72057594037931101 0 1 1 1 1 0 0.01 -0.25 2', '25', *[joint] * 25]


@pytest.mark.parametrize('order', [(0, 1, 2), (2, 0, 1), (1, 2, 0)])
def test_bodies_ranked_by_motion_in_all_three_axes(tmp_path, order):
    # body 'depth' walks towards the camera (z) by 0.3 a frame, body 'side' sways in x and y by
    # 0.1, body 'still' stands: by x, y and z motion 'depth' leads, by x and y alone 'side'
    # would; the order of the slots in the file must not matter
    frames = 6
    tracks = {'depth': lambda t: (0.0, 0.0, 3 + 0.3 * t),
              'side': lambda t: (0.1 * (t % 2), 0.1 * (t % 2), 3.0),
              'still': lambda t: (0.5, 0.5, 3.0)}
    names = [list(tracks)[i] for i in order]
    lines = [str(frames)]
    for t in range(frames):
        lines.append('3')
        for name in names:
            lines += _posed_body(tracks[name](t))
    path = tmp_path / 'S001C001P001R001A001.skeleton'
    path.write_text('\n'.join(lines) + '\n')
    kp = read_sample(str(path))['keypoint']
    assert kp.shape == (2, frames, 25, 3)
    np.testing.assert_allclose(kp[0, :, 0], [tracks['depth'](t) for t in range(frames)],
                               atol=1e-6)
    np.testing.assert_allclose(kp[1, :, 0], [tracks['side'](t) for t in range(frames)],
                               atol=1e-6)
