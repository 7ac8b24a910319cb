"""view_yaw on hand-made sequences turned by known angles about the vertical."""
import numpy as np
from inference_helpers import run_script

from stgcn_kit.utils import dump_pickle

TOOL = 'tools/analysis/view_yaw.py'


def _turned_body(degrees, rng):
    """(1, T, 20, 3) with joints 4 (left) -> 8 (right) along +x turned by -degrees about y,
    plus noise elsewhere (so the tool should report +degrees: the turn back onto +x)."""
    kp = rng.normal(size=(1, 5, 20, 3))
    kp[0, :, 4] = [-0.2, 1.4, 3.0]
    kp[0, :, 8] = [0.2, 1.4, 3.0]
    a = np.radians(-degrees)
    about_y = np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]])
    return (kp @ about_y.T).astype(np.float32)


def _record(name, kp):
    return dict(frame_dir=name, label=0, keypoint=kp, total_frames=kp.shape[1])


def test_reports_each_views_turns(tmp_path, capsys):
    rng = np.random.default_rng(0)
    turns = {'v01': [-10, 0, 10, 20, 30], 'v03': [40, 45, 50]}
    records = [_record(f'a01_s{i:02d}_{view}', _turned_body(t, rng))
               for view, ts in turns.items() for i, t in enumerate(ts)]
    records[0]['keypoint'][0, 1, 8] = 0  # a joint missing in one frame must not bend the mean
    records[1]['keypoint'][0, 2] = 0  # nor a frame without the person
    dump_pickle(dict(split={}, annotations=records), tmp_path / 'ann.pkl')
    assert run_script(TOOL, tmp_path / 'ann.pkl') == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()[1:]}
    for view, ts in turns.items():
        assert int(rows[view][0]) == len(ts)
        expected = np.percentile(ts, [10, 25, 50, 75, 90])
        np.testing.assert_allclose([float(x) for x in rows[view][1:]], expected, atol=0.06)


def test_2d_keypoints_and_unnamed_views_are_clear_errors(tmp_path, capsys):
    flat = np.zeros((1, 3, 20, 2), np.float32)
    dump_pickle([_record('a01_v01', flat)], tmp_path / 'flat.pkl')
    assert run_script(TOOL, tmp_path / 'flat.pkl') == 1
    assert "flat.pkl: a01_v01 has 2D keypoints" in capsys.readouterr().err
    dump_pickle([_record('no_view_here', _turned_body(0, np.random.default_rng(1)))],
                tmp_path / 'ann.pkl')
    assert run_script(TOOL, tmp_path / 'ann.pkl') == 1
    assert "no view matching" in capsys.readouterr().err
