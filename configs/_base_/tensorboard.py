# TensorBoard: list this file last in a config's _base_ to write event files under
# work_dir/<timestamp>/vis_data/ beside the JSON scalars (pip install tensorboard), then
#   tensorboard --logdir work_dirs
visualizer = dict(type='Visualizer',
                  vis_backends=[dict(type='LocalVisBackend'), dict(type='TensorboardVisBackend')])
