"""The quality loop (质检闭环): calibration of graders on a call case, and QA scores turned into team findings,
personal improvement plans and course priorities. The inputs are exports kept outside the repository; nothing
of them is published."""
