"""Poses for the demo: estimators and readers (``backends``) and their joint maps
(``landmarks``)."""
from .backends import (
    PoseTrack,
    check_mediapipe_layout,
    estimate_mediapipe,
    mediapipe_landmarks,
    mediapipe_to_layout,
    read_openpose_json,
    read_pose_pickle,
)
from .landmarks import map_joints, map_scores, mediapipe_world_to_kinect

__all__ = ['PoseTrack', 'check_mediapipe_layout', 'estimate_mediapipe', 'mediapipe_landmarks',
           'mediapipe_to_layout', 'read_openpose_json', 'read_pose_pickle',
           'mediapipe_world_to_kinect', 'map_joints', 'map_scores']
