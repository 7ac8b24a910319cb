import contextlib
import os

import pytest
import torch
from mmengine.model import BaseModel
from torch.utils.data import DataLoader
from mmengine.config import Config
from mmengine.logging import MessageHub

from payloads import Payload
from stgcn_kit.engine import PortableRunner, latest_complete_checkpoint, load_checkpoint_file
from stgcn_kit.utils import UnsafeFileError


class ToyModel(BaseModel):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(2, 1)

    def forward(self, inputs, data_samples=None, mode='tensor'):
        out = self.fc(torch.stack(inputs) if isinstance(inputs, list) else inputs)
        return dict(loss=out.pow(2).mean()) if mode == 'loss' else out


def toy_runner(work_dir, **kwargs):
    loader = DataLoader([dict(inputs=torch.ones(2))] * 4, batch_size=2,
                        collate_fn=lambda batch: dict(inputs=[b['inputs'] for b in batch]))
    return PortableRunner(
        model=ToyModel(), work_dir=str(work_dir), train_dataloader=loader,
        optim_wrapper=dict(optimizer=dict(type='SGD', lr=0.1)),
        train_cfg=dict(by_epoch=True, max_epochs=2),
        default_hooks=dict(checkpoint=dict(type='CheckpointHook', interval=1)),
        default_scope='stgcn_kit', experiment_name=f'toy{id(loader)}', **kwargs)


def test_checkpoints_load_weights_only_and_resume(tmp_path):
    toy_runner(tmp_path).train()
    for epoch in (1, 2):
        ckpt = load_checkpoint_file(tmp_path / f'epoch_{epoch}.pth')
        assert ckpt['meta']['epoch'] == epoch
    assert not [p for p in os.listdir(tmp_path) if p.endswith('.part')]
    runner = toy_runner(tmp_path, resume=True)
    runner.load_or_resume()
    assert runner.epoch == 2 and runner.iter == 4


def foreign_checkpoint(path, **extra):
    """A checkpoint as mmengine's own runner writes it: the message hub holds HistoryBuffer
    objects (pickled through builtins.getattr)."""
    hub = MessageHub(f'foreign{id(path)}')
    hub.update_scalar('train/loss', 1.0)
    state = {'fc.weight': torch.full((1, 2), 3.0), 'fc.bias': torch.zeros(1)}
    torch.save(dict(meta=dict(epoch=1, iter=2), state_dict=state,
                    message_hub=hub.state_dict(), **extra), path)
    return path


def test_load_from_takes_the_weights_of_a_foreign_checkpoint(tmp_path):
    path = foreign_checkpoint(tmp_path / 'foreign.pth')
    runner = toy_runner(tmp_path / 'work', load_from=str(path))
    with pytest.warns(UserWarning, match='skipped the entries message_hub'):
        runner.load_or_resume()
    assert torch.equal(runner.model.fc.weight, torch.full((1, 2), 3.0))
    with pytest.raises(UnsafeFileError,
                       match='foreign.pth: refused to load the globals builtins.getattr'):
        toy_runner(tmp_path / 'work2', load_from=str(path), resume=True).load_or_resume()


@pytest.mark.parametrize('resume', [False, True])
def test_a_payload_checkpoint_runs_only_with_trust_pickle(tmp_path, resume):
    marker = tmp_path / 'ran'
    path = foreign_checkpoint(tmp_path / 'crafted.pth', optimizer=Payload(marker))
    if not resume:  # load_from skips unreadable optional parts: the payload goes in the weights
        torch.save(dict(state_dict={'fc.weight': Payload(marker)}), path)
    runner = toy_runner(tmp_path / 'work', load_from=str(path), resume=resume)
    with pytest.raises(UnsafeFileError, match=r'crafted.pth: refused to load the globals? '
                                              r'(\S+, )*builtins.exec[ ,].*--trust-pickle'):
        runner.load_or_resume()
    assert not marker.exists()
    trusted = toy_runner(tmp_path / 'work2', load_from=str(path), resume=resume,
                         cfg=Config(dict(trust_pickle=True)))
    with contextlib.suppress(Exception):  # what the payload leaves behind may not be usable
        trusted.load_or_resume()
    assert marker.exists()


def test_a_failed_save_leaves_the_previous_checkpoint_whole(tmp_path, monkeypatch):
    runner = toy_runner(tmp_path)
    runner.train()
    before = (tmp_path / 'epoch_2.pth').read_bytes()

    def crash(checkpoint, filename, **kwargs):
        with open(filename, 'wb') as f:
            f.write(b'half a checkpoint')
        raise KeyboardInterrupt  # the process dies mid-write

    monkeypatch.setattr('mmengine.runner.runner.save_checkpoint', crash)
    with pytest.raises(KeyboardInterrupt):
        runner.save_checkpoint(str(tmp_path), 'epoch_2.pth')
    assert (tmp_path / 'epoch_2.pth').read_bytes() == before


def test_latest_complete_checkpoint_skips_a_truncated_pointer(tmp_path):
    assert latest_complete_checkpoint(str(tmp_path)) is None
    for name in ('epoch_2.pth', 'epoch_10.pth', 'best_acc_top1_epoch_3.pth'):
        (tmp_path / name).write_bytes(b'x')
    (tmp_path / 'last_checkpoint').write_text('')
    assert latest_complete_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_10.pth')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_2.pth'))
    assert latest_complete_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_2.pth')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'epoch_99.pth'))
    assert latest_complete_checkpoint(str(tmp_path)) == str(tmp_path / 'epoch_10.pth')
