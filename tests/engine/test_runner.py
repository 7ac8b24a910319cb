import os

import pytest
import torch
from mmengine.hooks import Hook
from mmengine.model import BaseModel
from torch.utils.data import DataLoader

from stgcn_kit.engine import PortableRunner, latest_complete_checkpoint, run_job


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
        ckpt = torch.load(tmp_path / f'epoch_{epoch}.pth', weights_only=True)
        assert ckpt['meta']['epoch'] == epoch
    assert not [p for p in os.listdir(tmp_path) if p.endswith('.part')]
    runner = toy_runner(tmp_path, resume=True)
    runner.load_or_resume()
    assert runner.epoch == 2 and runner.iter == 4


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


class _Interrupted(Exception):
    """Stands for a kill right after a checkpoint was written."""


class LossRecorder(Hook):
    """Records ``(epoch, iter, loss)`` of every training iteration; with ``stop_after`` it
    interrupts the run once that many epochs are done (after their checkpoint is saved: this
    hook runs after ``CheckpointHook``)."""
    priority = 'LOWEST'

    def __init__(self, stop_after=None):
        self.losses, self.stop_after = [], stop_after

    def after_train_iter(self, runner, batch_idx, data_batch=None, outputs=None):
        self.losses.append((runner.epoch, runner.iter, outputs['loss'].item()))

    def after_train_epoch(self, runner):
        if self.stop_after == runner.epoch + 1:
            raise _Interrupted


def _train_recording(cfg, work_dir, stop_after=None):
    recorder = LossRecorder(stop_after)

    def job(runner):
        runner.register_hook(recorder)
        runner.train()

    try:
        run_job(cfg, job, str(work_dir))
    except _Interrupted:
        pass
    return recorder.losses


@pytest.mark.parametrize('num_workers', [0, 2])
def test_an_interrupted_and_resumed_run_reproduces_the_straight_runs_losses(
        tiny_cfg, tmp_path, num_workers):
    options = {'train_cfg.max_epochs': 2, 'randomness.seed': 3,
               'train_dataloader.num_workers': num_workers}
    straight = _train_recording(tiny_cfg(**options), tmp_path / 'straight')
    first = _train_recording(tiny_cfg(**options), tmp_path / 'resumed', stop_after=1)
    assert (tmp_path / 'resumed' / 'epoch_1.pth').exists()
    assert not (tmp_path / 'resumed' / 'epoch_2.pth').exists()
    rest = _train_recording(tiny_cfg(**options, resume=True), tmp_path / 'resumed')
    assert len(straight) == 16 and {epoch for epoch, _, _ in rest} == {1}
    # exact equality: same seed, same order of operations on CPU
    assert first + rest == straight
    # the augmentation is random at all: the epochs' losses are not one sequence repeated
    assert len({loss for _, _, loss in straight}) == len(straight)
