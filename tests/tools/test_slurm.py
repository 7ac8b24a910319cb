"""The Slurm wrappers, run against a stand-in ``srun`` that records its arguments."""
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def fake_srun(tmp_path):
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    (bin_dir / 'srun').write_text('#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n')
    (bin_dir / 'srun').chmod(0o755)
    return dict(os.environ, PATH=f'{bin_dir}:{os.environ["PATH"]}')


@pytest.mark.parametrize('script,args,tool', [
    ('slurm_train.sh', ['cfg.py', '--validate'], 'train.py'),
    ('slurm_test.sh', ['cfg.py', 'w.pth', '--out', 'r.pkl'], 'test.py'),
])
def test_srun_gets_the_job_shape_and_the_tool_command(fake_srun, script, args, tool):
    env = dict(fake_srun, GPUS='16', PYTHON='python3')
    done = subprocess.run(['bash', str(REPO / 'tools' / script), 'gpu', 'job1'] + args,
                          env=env, capture_output=True, text=True, check=True)
    argv = done.stdout.splitlines()
    assert argv[:2] == ['-p', 'gpu']
    for option in ('--job-name=job1', '--gres=gpu:8', '--ntasks=16', '--ntasks-per-node=8',
                   '--cpus-per-task=5', '--kill-on-bad-exit=1'):
        assert option in argv
    command = argv[argv.index('python3'):]
    assert command[:3] == ['python3', '-u', str(REPO / 'tools' / tool)]
    launcher = command.index('--launcher')
    assert command[3:launcher] == args[:launcher - 3] and command[launcher + 1] == 'slurm'
    assert command[launcher + 2:] == args[launcher - 3:]


def test_missing_arguments_print_the_usage(fake_srun):
    done = subprocess.run(['bash', str(REPO / 'tools' / 'slurm_test.sh'), 'gpu', 'job1', 'c.py'],
                          env=fake_srun, capture_output=True, text=True)
    assert done.returncode == 2 and done.stderr.startswith('usage:')
