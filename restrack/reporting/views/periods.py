from django.views import View


class WorkspaceView(View): pass
class PeriodCreateView(View): pass
class PeriodBoardView(View): pass
class PeriodOpenView(View): pass
class PeriodPublishView(View): pass
class PeriodRemindView(View): pass
