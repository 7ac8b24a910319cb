import io

import numpy as np
import pytest
import torch
from mmengine.logging import MessageHub

from stgcn_kit.engine.checkpoint_compat import (allow_mmengine_checkpoints,
                                                message_hub_from_plain, message_hub_to_plain)


def hub_state():
    hub = MessageHub(f'compat-{id(object())}')
    for value in (3.0, 1.0, 2.0):
        hub.update_scalar('train/loss', value)
    hub.update_info('epoch', 4)
    hub.update_info('keep_ckpt_ids', [2, 3])
    return hub.state_dict()


def reload(obj):
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    buffer.seek(0)
    return torch.load(buffer, weights_only=True)


def test_plain_message_hub_survives_a_weights_only_load_and_is_rebuilt():
    allow_mmengine_checkpoints()
    state = hub_state()
    restored = message_hub_from_plain(reload(message_hub_to_plain(state)))
    buffer = restored['log_scalars']['train/loss']
    assert np.array_equal(buffer.data[0], [3.0, 1.0, 2.0])
    assert (buffer.min(), buffer.max(), buffer.current()) == (1.0, 3.0, 2.0)
    assert restored['runtime_info'] == state['runtime_info']
    hub = MessageHub('compat-target')
    hub.load_state_dict(restored)
    assert hub.get_scalar('train/loss').mean() == pytest.approx(2.0)


def test_raw_history_buffers_are_what_weights_only_rejects():
    # why the plain form exists: mmengine's own pickle of a HistoryBuffer needs getattr
    allow_mmengine_checkpoints()
    with pytest.raises(Exception, match='getattr|HistoryBuffer'):
        reload(hub_state())


def test_numpy_arrays_and_scalars_load_after_registration():
    allow_mmengine_checkpoints()
    obj = dict(a=np.arange(4, dtype=np.float16), b=np.float64(2.5), c=np.int64(3))
    back = reload(obj)
    assert back['a'].dtype == np.float16 and np.array_equal(back['a'], obj['a'])
    assert back['b'] == 2.5 and back['c'] == 3
