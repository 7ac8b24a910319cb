"""Every tool that reads a pickle or a checkpoint refuses a crafted one whose loading would run
code (one line naming the file, the global and the opt-in), and runs it only with
``--trust-pickle``."""
import contextlib
import io
import json
import pickle

import numpy as np
import pytest
import torch
from inference_helpers import REPO, run_script, save_random_checkpoint, write_tiny_config
from payloads import Payload, write_payload_pickle

REFUSAL = 'refused to load the global builtins.exec'
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'


def outcome(script, *args):
    """``(exit code, what it printed on stderr or raised)`` of a tool run in this process."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            code = run_script(script, *args)
        except Exception as exc:  # a tool that does not turn the error into an exit line
            code, err = 1, io.StringIO(f'{type(exc).__name__}: {exc}')
    return code, err.getvalue()


def check_refused_then_trusted(tmp_path, marker, script, *args):
    code, said = outcome(script, *args)
    assert code != 0
    assert REFUSAL in said and '--trust-pickle' in said, said[-2000:]
    assert not marker.exists()
    outcome(script, *args, '--trust-pickle')  # may fail later: the payload returns None
    assert marker.exists()


@pytest.fixture
def marker(tmp_path):
    return tmp_path / 'ran'


@pytest.fixture
def crafted_annotation(tmp_path, marker):
    return write_payload_pickle(tmp_path / 'crafted.pkl', marker,
                                lambda p: dict(split={'train': []}, annotations=[p]))


def test_train_ann_file(tmp_path, marker, crafted_annotation):
    options = [f'{loader}.dataset.ann_file={crafted_annotation}'
               for loader in ('train_dataloader', 'val_dataloader', 'test_dataloader')]
    check_refused_then_trusted(tmp_path, marker, 'tools/train.py', TINY_CONFIG, '--work-dir',
                               tmp_path / 'work', '--cfg-options', *options)


def test_test_ann_file(tmp_path, marker, crafted_annotation):
    checkpoint = tmp_path / 'any.pth'
    torch.save({'state_dict': {}}, checkpoint)
    check_refused_then_trusted(tmp_path, marker, 'tools/test.py', TINY_CONFIG, checkpoint,
                               '--work-dir', tmp_path / 'work', '--eval', 'top_k_accuracy',
                               '--cfg-options', f'test_dataloader.dataset.ann_file='
                               f'{crafted_annotation}')


def test_test_checkpoint(tmp_path, marker, tiny_nwucla):
    checkpoint = tmp_path / 'crafted.pth'
    torch.save(Payload(marker), checkpoint)
    check_refused_then_trusted(tmp_path, marker, 'tools/test.py', TINY_CONFIG, checkpoint,
                               '--work-dir', tmp_path / 'work', '--eval', 'top_k_accuracy',
                               '--cfg-options', f'test_dataloader.dataset.ann_file={tiny_nwucla}')


def test_ensemble_scores(tmp_path, marker):
    crafted = write_payload_pickle(tmp_path / 'j.pkl', marker, lambda p: [dict(
        frame_dir='a', gt_label=0, pred_score=p)])
    check_refused_then_trusted(tmp_path, marker, 'tools/ensemble.py', '--scores', crafted)


def test_confusion_matrix_result(tmp_path, marker):
    crafted = write_payload_pickle(tmp_path / 'r.pkl', marker, lambda p: [p])
    check_refused_then_trusted(tmp_path, marker, 'tools/analysis/confusion_matrix.py', crafted,
                               '--out', tmp_path / 'cm.npy')


def test_legacy_gendata_labels(tmp_path, marker):
    np.save(tmp_path / 'x.npy', np.ones((1, 3, 4, 25, 1), np.float32))
    crafted = write_payload_pickle(tmp_path / 'label.pkl', marker, lambda p: (['s'], [p]))
    check_refused_then_trusted(tmp_path, marker, 'tools/data/legacy_gendata.py', '--data-path',
                               tmp_path / 'x.npy', '--labels', crafted, '--out',
                               tmp_path / 'out.pkl', '--split-name', 'val')
    assert not (tmp_path / 'out.pkl').exists()


def test_vis_skeleton_pickle(tmp_path, marker, crafted_annotation):
    check_refused_then_trusted(tmp_path, marker, 'tools/analysis/vis_skeleton.py',
                               crafted_annotation, '--layout', 'nw-ucla', '--out',
                               tmp_path / 'x.gif')


@pytest.fixture
def ucla_model(tmp_path):
    config = write_tiny_config(tmp_path, 'nw-ucla')
    return config, save_random_checkpoint(config, tmp_path / 'ucla.pth')


def test_demo_pose_pickle(shared_data, tmp_path, marker, ucla_model, crafted_annotation):
    config, checkpoint = ucla_model
    check_refused_then_trusted(tmp_path, marker, 'demo/demo_skeleton.py',
                               shared_data / 'videos' / 'stgcn_ta_chi.mp4', tmp_path / 'o.mp4',
                               '--config', config, '--checkpoint', checkpoint, '--pose-backend',
                               'pickle', '--pose-file', crafted_annotation)
    assert not (tmp_path / 'o.mp4').exists()


def test_demo_checkpoint(shared_data, tmp_path, marker, ucla_model, crafted_annotation):
    config, _ = ucla_model
    crafted = tmp_path / 'crafted.pth'
    torch.save(Payload(marker), crafted)
    check_refused_then_trusted(tmp_path, marker, 'demo/demo_skeleton.py',
                               shared_data / 'videos' / 'stgcn_ta_chi.mp4', tmp_path / 'o.mp4',
                               '--config', config, '--checkpoint', crafted, '--pose-backend',
                               'pickle', '--pose-file', crafted_annotation)


def test_export_onnx_checkpoint(tmp_path, marker, ucla_model):
    config, _ = ucla_model
    crafted = tmp_path / 'crafted.pth'
    torch.save({'state_dict': {'backbone.data_bn.weight': Payload(marker)}}, crafted)
    check_refused_then_trusted(tmp_path, marker, 'tools/deployment/export_onnx.py', config,
                               crafted, tmp_path / 'm.onnx')
    assert not (tmp_path / 'm.onnx').exists()


def test_convert_checkpoint(tmp_path, marker):
    crafted = tmp_path / 'crafted.pth'
    torch.save({'state_dict': {'backbone.x': Payload(marker)}}, crafted)
    check_refused_then_trusted(tmp_path, marker, 'tools/convert_checkpoint.py', crafted,
                               tmp_path / 'out.pth', '--src-format', 'pyskl')
    assert not (tmp_path / 'out.pth').exists()


def test_the_refusal_is_one_line(tmp_path, marker):
    crafted = write_payload_pickle(tmp_path / 'j.pkl', marker)
    code, said = outcome('tools/ensemble.py', '--scores', crafted)
    assert code == 1 and said.strip().count('\n') == 0
    assert said.startswith(f'error: {crafted}: {REFUSAL} ')


def test_a_plain_pickle_needs_no_trust(tmp_path):
    scores = [dict(frame_dir=f'v{i}', gt_label=i % 2, pred_score=np.eye(2)[i % 2])
              for i in range(4)]
    (tmp_path / 'ok.pkl').write_bytes(pickle.dumps(scores))
    code, said = outcome('tools/ensemble.py', '--scores', tmp_path / 'ok.pkl')
    assert code == 0, said
    assert json.dumps(said) == '""'
