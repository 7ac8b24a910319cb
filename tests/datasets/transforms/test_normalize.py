import numpy as np
import pytest

from stgcn_kit.datasets.transforms import PreNormalize2D, PreNormalize3D
from stgcn_kit.datasets.transforms.normalize import align_matrix, axis_angle_matrix


def _random_rotation(rng):
    q, r = np.linalg.qr(rng.normal(size=(3, 3)))
    q = q * np.sign(np.diag(r))
    return q if np.linalg.det(q) > 0 else -q


def _upright_body(rng, frames=6):
    """(1, T, 25, 3) in PYSKL's canonical view of NTU: spine 0 -> 1 along +z, left -> right
    shoulder (4 -> 8) along +x, the rest random."""
    kp = rng.normal(size=(1, frames, 25, 3))
    kp[:, :, 0] = [0, 0, 0]
    kp[:, :, 1] = [0, 0, 0.5]
    kp[:, :, 8] = [0.2, 0.1, 0.7]
    kp[:, :, 4] = [-0.2, 0.1, 0.7]
    return kp


@pytest.mark.parametrize('seed', range(5))
def test_rotation_matrices_are_proper(seed):
    rng = np.random.default_rng(seed)
    rot = axis_angle_matrix(rng.normal(size=3), rng.uniform(-np.pi, np.pi))
    np.testing.assert_allclose(rot @ rot.T, np.eye(3), atol=1e-12)
    assert np.linalg.det(rot) == pytest.approx(1.0)
    vec, target = rng.normal(size=3), np.eye(3)[seed % 3]
    np.testing.assert_allclose(align_matrix(vec, target) @ vec, target * np.linalg.norm(vec),
                               atol=1e-9)


def test_align_matrix_leaves_antiparallel_and_vanishing_vectors_alone():
    # PYSKL's rule: no axis to turn about, or nothing to turn
    for vector in ([0, 0, -2.0], [0, 0, 3.0], [0, 4e-7, 0], [1e-7, 0, -1.0]):
        np.testing.assert_array_equal(align_matrix(np.array(vector), np.array([0, 0, 1.0])),
                                      np.eye(3))


def test_prenormalize3d_recovers_canonical_view_of_rotated_shifted_body():
    rng = np.random.default_rng(0)
    body = _upright_body(rng)
    rot = _random_rotation(rng)
    moved = body @ rot.T + [1.0, -2.0, 3.0]
    moved = np.concatenate([np.zeros((1, 2, 25, 3)), moved], axis=1)  # two empty frames first
    out = PreNormalize3D()(dict(keypoint=moved.astype(np.float32), total_frames=8))
    kp = out['keypoint']
    assert out['total_frames'] == 6 and kp.shape == (1, 6, 25, 3) and kp.dtype == np.float32
    spine, shoulders = kp[0, 0, 1] - kp[0, 0, 0], kp[0, 0, 8] - kp[0, 0, 4]
    np.testing.assert_allclose(spine / np.linalg.norm(spine), [0, 0, 1], atol=1e-5)
    np.testing.assert_allclose(shoulders / np.linalg.norm(shoulders), [1, 0, 0], atol=1e-5)
    np.testing.assert_allclose(kp[0, 0, 1], 0, atol=1e-5)
    # a rigid motion of the original body: the result is the body centred on joint 1
    np.testing.assert_allclose(kp, body - body[0, 0, 1], atol=1e-4)


def test_prenormalize3d_main_person_and_absent_joints():
    rng = np.random.default_rng(1)
    kp = np.zeros((2, 5, 25, 3), np.float32)
    kp[1] = _upright_body(rng, 5)[0] + 1  # the second person is the only one present
    kp[0, 2] = _upright_body(rng, 1)[0, 0]
    out = PreNormalize3D(align_spine=False)(dict(keypoint=kp, total_frames=5))
    assert out['keypoint'].shape == (2, 5, 25, 3)
    np.testing.assert_allclose(out['body_center'], kp[1, 0, 1])
    # person 0 (formerly 1) is present everywhere; the absent frames of the other stay zero
    assert not out['keypoint'][1, [0, 1, 3, 4]].any()


@pytest.mark.parametrize('yaw', [0.7, -2.0, np.pi])
def test_prenormalize3d_yaw_alignment_undoes_a_turn_about_the_vertical_only(yaw):
    rng = np.random.default_rng(3)
    kp = rng.normal(size=(1, 6, 20, 3)).astype(np.float32)
    cos, sin = np.cos(yaw), np.sin(yaw)
    about_y = np.array([[cos, 0, sin], [0, 1, 0], [-sin, 0, cos]], np.float32)
    align = PreNormalize3D(align_spine=False, yaw_axis=1, xaxis=(8, 4), center=1)
    out = align(dict(keypoint=kp.copy(), total_frames=6))['keypoint']
    turned = align(dict(keypoint=kp @ about_y.T, total_frames=6))['keypoint']
    np.testing.assert_allclose(turned, out, atol=1e-5)
    across = (out[0, :, 8] - out[0, :, 4]).mean(0)  # kp[xaxis[0]] - kp[xaxis[1]]
    assert across[0] > 0 and abs(across[2]) < 1e-5
    # heights are untouched: a turn about y, not a tilt
    np.testing.assert_allclose(out[..., 1], (kp - kp[0, 0, 1])[..., 1], atol=1e-5)


def test_prenormalize3d_yaw_axis_needs_spine_alignment_off():
    with pytest.raises(ValueError, match='yaw_axis'):
        PreNormalize3D(yaw_axis=1)
    with pytest.raises(ValueError, match='yaw_axis'):
        PreNormalize3D(align_spine=False, yaw_axis=3)


def test_prenormalize3d_rejects_2d():
    with pytest.raises(ValueError, match="'s1'.*PreNormalize3D"):
        PreNormalize3D()(dict(frame_dir='s1', keypoint=np.ones((1, 3, 25, 2)), total_frames=3))


def test_prenormalize2d_fix_merges_the_score_and_zeroes_unsure_joints():
    kp = np.array([[[[0, 0], [1920, 1080], [960, 540], [480, 270]]]], np.float32)
    score = np.array([[[0.5, 0.9, 0.01, 0.02]]], np.float32)  # 0.01 is at the threshold
    out = PreNormalize2D(img_shape=(1080, 1920))(dict(keypoint=kp.copy(),
                                                      keypoint_score=score))
    assert 'keypoint_score' not in out and out['keypoint'].shape == (1, 1, 4, 3)
    np.testing.assert_allclose(out['keypoint'][0, 0],
                               [[-1, -1, 0.5], [1, 1, 0.9], [0, 0, 0.01], [-0.5, -0.5, 0.02]])
    # without a score nothing is zeroed, and the record's own img_shape wins; the record's
    # array is left as it was
    own = kp[..., :2].copy()
    out = PreNormalize2D()(dict(keypoint=own, img_shape=(540, 960)))
    np.testing.assert_allclose(out['keypoint'][0, 0, :, 0], [-1, 3, 1, 0])
    np.testing.assert_array_equal(own, kp[..., :2])


def test_prenormalize2d_auto_stretches_each_axis_box_keeps_the_ratio():
    kp = np.array([[[[10, 20], [30, 60], [0, 0], [70, 500]]]], np.float32)
    score = np.array([[[1, 1, 0, 0]]], np.float32)
    # box of the sure joints: x 10..30, y 20..60, each axis onto [-1, 1]
    out = PreNormalize2D(mode='auto')(dict(keypoint=kp.copy(), keypoint_score=score.copy()))
    np.testing.assert_allclose(out['keypoint'][0, 0, :, :2], [[-1, -1], [1, 1], [0, 0], [0, 0]])
    # centre (20, 40), divided by half the longer side (20) on both axes
    out = PreNormalize2D(mode='box')(dict(keypoint=kp.copy(), keypoint_score=score.copy()))
    np.testing.assert_allclose(out['keypoint'][0, 0, :, :2],
                               [[-0.5, -1], [0.5, 1], [0, 0], [0, 0]])
    # without a score, 'box' takes the non-zero joints and keeps absent ones at zero
    out = PreNormalize2D(mode='box')(dict(keypoint=kp[..., :3, :].copy()))
    np.testing.assert_allclose(out['keypoint'][0, 0], [[-0.5, -1], [0.5, 1], [0, 0]])
    # 'auto' leaves a box no wider than 10 as it is
    narrow = kp.copy()
    narrow[..., 1, 0] = 20
    out = PreNormalize2D(mode='auto')(dict(keypoint=narrow, keypoint_score=score.copy()))
    np.testing.assert_allclose(out['keypoint'][0, 0, :2, :2], narrow[0, 0, :2])
    with pytest.raises(ValueError, match='mode'):
        PreNormalize2D(mode='square')


# A hand-made 7-joint skeleton with its anatomy: 0 pelvis, 1 chest, 2 head, 3/4 left/right
# shoulder, 5/6 left/right hip; the body centre is the chest.
TOY = dict(num_node=7, inward=[(1, 0), (2, 1), (3, 1), (4, 1), (5, 0), (6, 0)], center=0,
           body_center=1, spine=(0, 1), shoulders=(3, 4), hips=(5, 6), dims=3)
TOY_BARE = dict(num_node=7, inward=TOY['inward'], center=0)


def _toy_body(rng, frames=5):
    """(1, T, 7, 3) in the canonical view: pelvis -> chest along +z, left -> right shoulder
    (3 -> 4) along +x, the chest at the origin in the first frame; later frames move."""
    first = np.array([[0, 0, -0.5], [0, 0, 0], [0, 0.05, 0.25], [-0.2, 0, 0.05],
                      [0.2, 0, 0.05], [-0.1, 0, -0.55], [0.1, 0, -0.55]])
    return (first + rng.normal(scale=0.05, size=(1, frames, 7, 3)) * (np.arange(frames) > 0)
            [None, :, None, None])


def _rigid(kp, rng):
    return (kp @ _random_rotation(rng).T + rng.normal(size=3)).astype(np.float32)


def _log_lines(monkeypatch):
    lines = []
    monkeypatch.setattr('stgcn_kit.datasets.transforms.normalize.print_log',
                        lambda msg, **kwargs: lines.append(msg))
    return lines


@pytest.mark.parametrize('seed', range(3))
def test_prenormalize3d_takes_a_custom_layouts_anatomy(seed, monkeypatch):
    rng = np.random.default_rng(seed)
    body = _toy_body(rng)
    lines = _log_lines(monkeypatch)
    out = PreNormalize3D(layout=TOY)(dict(keypoint=_rigid(body, rng), total_frames=5))
    np.testing.assert_allclose(out['keypoint'], body, atol=1e-5)
    assert not lines


def test_prenormalize3d_layout_without_anatomy_only_centres_and_says_so(monkeypatch):
    rng = np.random.default_rng(5)
    moved = _rigid(_toy_body(rng), rng)
    lines = _log_lines(monkeypatch)
    out = PreNormalize3D(layout=TOY_BARE)(dict(keypoint=moved.copy(), total_frames=5))
    np.testing.assert_allclose(out['keypoint'], moved - moved[0, 0, 0], atol=1e-6)
    assert len(lines) == 1 and 'centred on joint 0' in lines[0]
    assert 'no spine' in lines[0] and 'no shoulder or hip' in lines[0]
    # named layouts of the project never fall back to NTU's joints either: handmp has none
    lines.clear()
    hand = rng.normal(size=(1, 3, 21, 3)).astype(np.float32)
    out = PreNormalize3D(layout='handmp')(dict(keypoint=hand.copy(), total_frames=3))
    np.testing.assert_allclose(out['keypoint'], hand - hand[0, 0, 0], atol=1e-6)
    assert len(lines) == 1 and 'handmp' in lines[0]


def test_prenormalize3d_spine_only_tilts_upright_but_does_not_turn(monkeypatch):
    rng = np.random.default_rng(6)
    body = _toy_body(rng)
    lines = _log_lines(monkeypatch)
    spine_only = dict(TOY_BARE, spine=(0, 1))
    out = PreNormalize3D(layout=spine_only)(dict(keypoint=_rigid(body, rng), total_frames=5))
    kp = out['keypoint']
    spine = kp[0, 0, 1] - kp[0, 0, 0]
    np.testing.assert_allclose(spine / np.linalg.norm(spine), [0, 0, 1], atol=1e-5)
    assert len(lines) == 1 and 'turned' in lines[0] and 'upright' not in lines[0]
    # distances are kept: a rigid motion of the body
    np.testing.assert_allclose(np.linalg.norm(kp - kp[:, :, :1], axis=-1),
                               np.linalg.norm(body - body[:, :, :1], axis=-1), atol=1e-5)


def test_prenormalize3d_explicit_joints_override_the_layout():
    rng = np.random.default_rng(7)
    body = _toy_body(rng)
    moved = _rigid(body, rng)
    # the hips (6 -> 5) instead of the shoulders, the pelvis as centre
    out = PreNormalize3D(layout=TOY, xaxis=(6, 5), center=0)(dict(keypoint=moved,
                                                                   total_frames=5))
    kp = out['keypoint']
    np.testing.assert_allclose(kp[0, 0, 0], 0, atol=1e-6)
    hips = kp[0, 0, 6] - kp[0, 0, 5]  # kp[xaxis[0]] - kp[xaxis[1]] lies along +x
    assert hips[0] > 0 and abs(hips[1]) < 1e-5


def test_prenormalize3d_without_layout_warns_once_on_other_skeletons(monkeypatch):
    lines = _log_lines(monkeypatch)
    kp = np.random.default_rng(8).normal(size=(1, 3, 20, 3)).astype(np.float32)
    align = PreNormalize3D()
    for _ in range(2):
        align(dict(keypoint=kp.copy(), total_frames=3))
    assert len(lines) == 1 and '20-joint' in lines[0] and 'layout=' in lines[0]
    PreNormalize3D()(dict(keypoint=np.ones((1, 3, 25, 3), np.float32), total_frames=3))
    PreNormalize3D(layout='nw-ucla')(dict(keypoint=kp.copy(), total_frames=3))
    # PYSKL-style explicit joints are the user's choice, not a fallback
    PreNormalize3D(zaxis=(0, 1), xaxis=(8, 4), center=1)(dict(keypoint=kp.copy(),
                                                              total_frames=3))
    assert len(lines) == 1


# NW-UCLA's configs only centre (align_spine=False): its outputs before PYSKL's x direction was
# adopted, as (shape, sum, sum of squares, sum weighted by sin(flat index)) in float64, on real
# files; they must not move.
UCLA_CENTRED = {
    'a01_s01_e00_v01': ((1, 44, 20, 3), -389.312793, 503.486088, -0.44861),
    'a06_s03_e01_v03': ((1, 26, 20, 3), -24.379329, 145.215541, -0.342984),
}


def _fingerprint(kp):
    kp = np.asarray(kp, np.float64)
    weights = np.sin(np.arange(kp.size)).reshape(kp.shape)
    return kp.shape, kp.sum(), (kp * kp).sum(), (kp * weights).sum()


def _assert_fingerprint(kp, expected):
    shape, *sums = _fingerprint(kp)
    assert shape == expected[0]
    np.testing.assert_allclose(sums, expected[1:], rtol=1e-6, atol=1e-4)


def test_ntu_layout_and_pyskl_defaults_agree_on_real_ntu(shared_data):
    # PYSKL's own outputs are checked in test_reference_pipelines; here: the layout's anatomy is
    # the same as PYSKL's default joints, and puts the right shoulder at +x
    from stgcn_kit.datasets.raw.ntu import read_sample
    for path in sorted((shared_data / 'ntu-rgbd-raw').glob('*.skeleton'))[::4]:
        record = read_sample(str(path))
        outs = [align(dict(record, keypoint=record['keypoint'].copy()))['keypoint']
                for align in (PreNormalize3D(), PreNormalize3D(layout='nturgb+d'),
                              PreNormalize3D(zaxis=(0, 1), xaxis=(8, 4), center=1))]
        np.testing.assert_array_equal(outs[0], outs[1])
        np.testing.assert_array_equal(outs[0], outs[2])
        right_minus_left = outs[0][0, 0, 8] - outs[0][0, 0, 4]
        assert right_minus_left[0] > 0 and abs(right_minus_left[1:]).max() < 1e-5


def test_nwucla_results_unchanged_with_its_layout(shared_data):
    from stgcn_kit.datasets.raw.nwucla import read_sample
    for name, expected in UCLA_CENTRED.items():
        record = read_sample(str(shared_data / 'nw-ucla' / 'all_sqe' / f'{name}.json'))
        out = PreNormalize3D(align_spine=False, layout='nw-ucla')(
            dict(record, keypoint=record['keypoint'].copy()))
        _assert_fingerprint(out['keypoint'], expected)
        # aligned, the right shoulder (8) lies at +x of the left (4), as for NTU
        out = PreNormalize3D(layout='nw-ucla')(dict(record, keypoint=record['keypoint'].copy()))
        right_minus_left = out['keypoint'][0, 0, 8] - out['keypoint'][0, 0, 4]
        assert right_minus_left[0] > 0 and abs(right_minus_left[1:]).max() < 1e-5


def test_centre_frame_is_the_original_kinetics_feeder_centralisation(shared_data):
    from stgcn_kit.datasets.raw.kinetics import read_clip
    from stgcn_kit.datasets.transforms import CentreFrame
    clip = shared_data / 'kinetics-skeleton' / 'kinetics_train' / 'cU1fyH2QssA.json'
    record = read_clip(str(clip))
    kp, score = record['keypoint'].copy(), record['keypoint_score']
    out = CentreFrame()(dict(record))['keypoint']
    # st-gcn's feeder_kinetics, element by element: x - 0.5, y - 0.5, then 0 where score is 0
    expected = np.zeros_like(kp)
    for m, t, v in np.ndindex(*score.shape):
        if score[m, t, v] != 0:
            expected[m, t, v] = kp[m, t, v] - 0.5
    assert (score == 0).any() and (score > 0).any()
    np.testing.assert_allclose(out, expected, atol=1e-7)


def test_centre_frame_in_pixels_uses_the_record_img_shape():
    from stgcn_kit.datasets.transforms import CentreFrame
    kp = np.array([[[[960., 540.], [0., 1080.]]]], dtype=np.float32)  # (1, 1, 2, 2)
    out = CentreFrame()(dict(keypoint=kp, img_shape=(1080, 1920)))['keypoint']
    np.testing.assert_allclose(out[0, 0], [[0, 0], [-960, 540]])


def _min_max_by_loop(kp, low, high):
    """Axis by axis over the present joints, one coordinate at a time."""
    out = np.zeros_like(kp, dtype=np.float64)
    present = [idx for idx in np.ndindex(*kp.shape[:3]) if np.any(kp[idx] != 0)]
    for c in range(kp.shape[-1]):
        values = [float(kp[idx][c]) for idx in present]
        lo, hi = min(values), max(values)
        for idx in present:
            unit = 0.5 if hi == lo else (float(kp[idx][c]) - lo) / (hi - lo)
            out[idx + (c,)] = low + unit * (high - low)
    return out


@pytest.mark.parametrize('seed', range(3))
def test_min_max_normalize_against_a_loop(seed):
    from stgcn_kit.datasets.transforms import MinMaxNormalize
    rng = np.random.default_rng(seed)
    kp = rng.normal(size=(2, 7, 5, 3)) * [1.0, 3.0, 0.2] + [5.0, -2.0, 0.0]
    kp[1, 3:] = 0  # the second person leaves: absent joints
    kp[0, 2, 4] = 0
    low, high = (-1.0, 1.0) if seed else (0.0, 2.5)
    out = MinMaxNormalize(low, high)(dict(keypoint=kp.astype(np.float32)))['keypoint']
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, _min_max_by_loop(kp.astype(np.float32), low, high),
                               atol=1e-6)
    assert not out[1, 3:].any() and not out[0, 2, 4].any()
    present = out[np.abs(kp).sum(-1) > 0]
    np.testing.assert_allclose(present.min(0), low, atol=1e-6)
    np.testing.assert_allclose(present.max(0), high, atol=1e-6)


def test_min_max_normalize_flat_axis_empty_sample_and_bad_shape():
    from stgcn_kit.datasets.transforms import MinMaxNormalize
    kp = np.zeros((1, 3, 2, 3), dtype=np.float32)
    kp[0, :, :, 0] = [[1, 2], [3, 4], [5, 6]]
    kp[0, :, :, 1] = 7.0  # every present joint at the same height
    out = MinMaxNormalize()(dict(keypoint=kp.copy()))['keypoint']
    np.testing.assert_allclose(out[0, :, :, 1], 0.0)  # the middle of [-1, 1]
    np.testing.assert_allclose(out[0, :, :, 0], [[-1, -0.6], [-0.2, 0.2], [0.6, 1]], atol=1e-6)
    empty = MinMaxNormalize()(dict(keypoint=np.zeros((1, 2, 3, 3))))['keypoint']
    assert empty.shape == (1, 2, 3, 3) and not empty.any()
    with pytest.raises(ValueError, match="'s1'.*keypoint \\(M, T, V, C\\)"):
        MinMaxNormalize()(dict(keypoint=np.ones((2, 3, 3)), frame_dir='s1'))
    with pytest.raises(ValueError, match='low < high'):
        MinMaxNormalize(1.0, 1.0)


def test_min_max_normalize_undoes_a_uniform_scale(shared_data):
    from stgcn_kit.datasets.raw.nwucla import read_sample
    from stgcn_kit.datasets.transforms import MinMaxNormalize
    record = read_sample(str(shared_data / 'nw-ucla' / 'all_sqe' / 'a01_s01_e00_v01.json'))
    centred = PreNormalize3D(align_spine=False, layout='nw-ucla')(record)['keypoint']
    once = MinMaxNormalize()(dict(keypoint=centred.copy()))['keypoint']
    scaled = MinMaxNormalize()(dict(keypoint=centred * 1.37))['keypoint']
    np.testing.assert_allclose(once, scaled, atol=1e-5)
    assert np.ptp(once.reshape(-1, 3), 0) == pytest.approx([2, 2, 2], abs=1e-6)
