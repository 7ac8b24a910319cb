"""What a loaded checkpoint must be to give a model its weights, checked alike by every loader:
``tools/test.py`` (tests/tools/test_test_weights.py), ``init_recognizer``, ``load_from`` and
``--resume`` of ``tools/train.py``, ``Pretrained`` (tests/models/test_pretrained.py) and
``tools/convert_checkpoint.py``."""
from pathlib import Path

import pytest
import torch
from inference_helpers import run_script, write_tiny_config
from torch import nn

from stgcn_kit.apis import init_recognizer
from stgcn_kit.engine.weights import check_finite, check_fit, state_dict_of
from stgcn_kit.errors import CheckpointError

REPO = Path(__file__).resolve().parents[2]
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'


def _model():
    return nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))


def test_state_dict_of_takes_the_state_dict_or_a_bare_one():
    state = _model().state_dict()
    assert state_dict_of({'state_dict': state, 'meta': {}}, 'f.pth') == dict(state)
    assert state_dict_of(dict(state), 'f.pth') == dict(state)
    wrapped = state_dict_of({'state_dict': {f'module.{k}': v for k, v in state.items()}}, 'f')
    assert list(wrapped) == list(state)


@pytest.mark.parametrize('checkpoint, message', [
    ([torch.zeros(1)], 'f.pth: a list, not a checkpoint'),
    ({'state_dict': (torch.zeros(1), )}, 'f.pth: its state_dict is a tuple, not a mapping'),
    ({'meta': {}, 'epoch': 3}, r'f.pth: holds no state_dict \(its keys: meta, epoch\)'),
    ({}, r'f.pth: holds no state_dict \(its keys: none\)')])
def test_state_dict_of_names_what_is_wrong(checkpoint, message):
    with pytest.raises(CheckpointError, match=message):
        state_dict_of(checkpoint, 'f.pth')


def test_check_fit_names_missing_and_misshapen_weights_and_allows_extras():
    model = _model()
    state = dict(model.state_dict(), counter=torch.tensor(1))
    check_fit(model, state, 'f.pth')
    del state['1.num_batches_tracked']  # as torch < 0.4.1 saved a BatchNorm
    check_fit(model, state, 'f.pth')
    # which torch itself accepts
    model.load_state_dict({k: v for k, v in state.items() if k != 'counter'}, strict=True)
    state['0.weight'] = torch.zeros(4, 2)
    state['0.bias'] = [0., 0., 0.]
    del state['1.running_var']
    with pytest.raises(CheckpointError) as err:
        check_fit(model, state, 'f.pth')
    assert str(err.value) == (
        "f.pth: does not fit the config's model: weights 2 of another shape or type (0.weight "
        '(4, 2) where the model has (3, 2); 0.bias is a list); 1 of 7 missing (1.running_var)')


def test_check_finite_names_nan_and_infinite_weights_only_of_the_model():
    model = _model()
    state = dict(model.state_dict(), unused=torch.tensor([float('nan')]))
    check_finite(model, state, 'f.pth')  # counters and extras are not the model's weights
    state['0.bias'] = torch.tensor([0., float('inf'), 0.])
    state['1.weight'] = torch.tensor([float('nan')] * 3)
    with pytest.raises(CheckpointError, match=r'f.pth: 2 weights hold NaN or infinite values '
                                              r'\(0.bias, 1.weight\)'):
        check_finite(model, state, 'f.pth')


WRONG_STRUCTURE = {'list': ([torch.zeros(2)], 'a list, not a checkpoint'),
                   'state_dict_list': ({'state_dict': [torch.zeros(2)], 'meta': {}},
                                       'its state_dict is a list, not a mapping')}


@pytest.mark.parametrize('structure', WRONG_STRUCTURE)
def test_init_recognizer_names_a_checkpoint_of_the_wrong_structure(tmp_path, structure):
    content, message = WRONG_STRUCTURE[structure]
    torch.save(content, tmp_path / 'odd.pth')
    config = write_tiny_config(tmp_path, 'coco')
    with pytest.raises(CheckpointError, match=f'odd.pth: {message}'):
        init_recognizer(config, tmp_path / 'odd.pth', device='cpu')


def _train_args(tiny_options, checkpoint, how):
    if how == 'resume':
        return ['--resume', checkpoint, '--cfg-options', *tiny_options]
    return ['--cfg-options', f'load_from={checkpoint}', *tiny_options]


@pytest.mark.parametrize('how', ['load_from', 'resume'])
@pytest.mark.parametrize('structure', WRONG_STRUCTURE)
def test_train_names_a_checkpoint_of_the_wrong_structure(capsys, tiny_options, tmp_path, how,
                                                         structure):
    content, message = WRONG_STRUCTURE[structure]
    checkpoint = tmp_path / 'odd.pth'
    torch.save(content, checkpoint)
    code = run_script('tools/train.py', TINY_CONFIG, '--work-dir', tmp_path / 'w',
                      *_train_args(tiny_options, checkpoint, how))
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and 'Traceback' not in '\n'.join(err)
    assert err[-1].startswith(f'error: {checkpoint}: {message}'), err[-1]
    assert not list((tmp_path / 'w').glob('*.pth'))


def test_resume_names_a_checkpoint_without_its_training_state(capsys, tiny_options, tmp_path):
    checkpoint = tmp_path / 'weights_only.pth'
    torch.save({'state_dict': {}}, checkpoint)
    code = run_script('tools/train.py', TINY_CONFIG, '--work-dir', tmp_path / 'w', '--resume',
                      checkpoint, '--cfg-options', *tiny_options)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and 'Traceback' not in '\n'.join(err)
    assert err[-1].startswith(f'error: {checkpoint}: cannot be resumed: it lacks the meta')


@pytest.mark.parametrize('structure', WRONG_STRUCTURE)
def test_convert_checkpoint_names_a_checkpoint_of_the_wrong_structure(capsys, tmp_path,
                                                                      structure):
    content, message = WRONG_STRUCTURE[structure]
    torch.save(content, tmp_path / 'odd.pth')
    code = run_script('tools/convert_checkpoint.py', tmp_path / 'odd.pth', tmp_path / 'out.pth',
                      '--src-format', 'pyskl')
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and 'Traceback' not in '\n'.join(err)
    assert err[-1].startswith(f'error: {tmp_path / "odd.pth"}: {message}')
    assert not (tmp_path / 'out.pth').exists()
