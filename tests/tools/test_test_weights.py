"""tools/test.py tests only weights that fit the config's model: a checkpoint of other classes, of
another model, without weights, of the wrong structure, or with NaN weights ends the tool with
one line naming it, before any accuracy or result file is written."""
from pathlib import Path

import pytest
import torch
from inference_helpers import run_script

from stgcn_kit.registry import MODELS
from stgcn_kit.utils.config import read_config

REPO = Path(__file__).resolve().parents[2]
TINY_CONFIG = REPO / 'tests' / 'configs' / 'tiny_stgcn_nwucla.py'


def _weights(**model_options):
    """The tiny config's model (10 classes) built with ``model_options``, its state dict."""
    cfg = read_config(str(TINY_CONFIG))
    cfg.merge_from_dict({f'model.{k}': v for k, v in model_options.items()})
    return MODELS.build(cfg.model).state_dict()


def _with_nan(state):
    state = dict(state)
    state['cls_head.fc_cls.bias'] = torch.full_like(state['cls_head.fc_cls.bias'], float('nan'))
    return {'state_dict': state}


CASES = {
    'other_classes': (lambda: {'state_dict': _weights()}, ['model.cls_head.num_classes=12'],
                      "does not fit the config's model: weights 2 of another shape or type "
                      '(cls_head.fc_cls.weight (10, 16) where the model has (12, 16); '
                      'cls_head.fc_cls.bias (10,) where the model has (12,))'),
    'other_model': (lambda: {'state_dict': {'fc.weight': torch.zeros(3, 3)}}, [],
                    "does not fit the config's model: weights "),
    'no_state_dict': (lambda: {'meta': {'epoch': 3}}, [], 'holds no state_dict (its keys: meta)'),
    'a_list': (lambda: [_weights()], [], 'a list, not a checkpoint'),
    'state_dict_list': (lambda: {'state_dict': list(_weights().values())}, [],
                        'its state_dict is a list, not a mapping'),
    'nan_weights': (lambda: _with_nan(_weights()), [],
                    '1 weights hold NaN or infinite values (cls_head.fc_cls.bias)'),
}


@pytest.mark.parametrize('case', CASES)
def test_weights_that_do_not_fit_are_refused(capsys, tiny_options, tmp_path, case):
    make, options, message = CASES[case]
    checkpoint = tmp_path / f'{case}.pth'
    torch.save(make(), checkpoint)
    out = tmp_path / 'result.pkl'
    code = run_script('tools/test.py', TINY_CONFIG, checkpoint, '--work-dir', tmp_path / 'w',
                      '--out', out, '--cfg-options', *tiny_options, *options)
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and 'Traceback' not in '\n'.join(err)
    assert err[-1].startswith(f'error: {checkpoint}: {message}'), err[-1]
    if case == 'other_model':  # every weight is missing but BN's step counts, which may be
        names = list(_weights())
        needed = [n for n in names if not n.endswith('num_batches_tracked')]
        assert f'{len(needed)} of {len(names)} missing' in err[-1]
    assert not out.exists()


def test_weights_that_fit_are_tested(capsys, tiny_options, tmp_path):
    """The same checks pass the tiny model's own weights, with extra entries beside them."""
    checkpoint = tmp_path / 'own.pth'
    torch.save({'state_dict': dict(_weights(), step=torch.tensor(5))}, checkpoint)
    code = run_script('tools/test.py', TINY_CONFIG, checkpoint, '--work-dir', tmp_path / 'w',
                      '--out', tmp_path / 'result.pkl', '--cfg-options', *tiny_options)
    assert code == 0, capsys.readouterr().err[-2000:]
    assert (tmp_path / 'result.pkl').exists()
