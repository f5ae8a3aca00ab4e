from django.views import View


class UpdateView(View): pass
class UpdateSaveView(View): pass
class UpdateSubmitView(View): pass
class UpdateReturnView(View): pass
class UpdateApproveView(View): pass
