"""Poses for the demo: estimators and readers (``backends``) and their joint maps
(``landmarks``)."""
from .backends import PoseTrack, estimate_mediapipe, read_openpose_json, read_pose_pickle
from .landmarks import map_joints, map_scores, mediapipe_world_to_kinect

__all__ = ['PoseTrack', 'estimate_mediapipe', 'read_openpose_json', 'read_pose_pickle',
           'mediapipe_world_to_kinect', 'map_joints', 'map_scores']
